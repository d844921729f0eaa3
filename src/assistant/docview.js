// The document view (js_on_load of #doc-view): scroll to the paragraph asked for.
watch("value", () => {
  const target = element.querySelector(".doc-unit.focus");
  if (target) target.scrollIntoView({ block: "center" });
});
