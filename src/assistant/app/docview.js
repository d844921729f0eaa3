// The document view (js_on_load of #doc-view): scroll to the paragraph asked for, when the
// view changes and when the tab first renders (it may render with its value already set).
const toFocus = () => {
  const target = element.querySelector(".doc-unit.focus");
  if (target) target.scrollIntoView({ block: "center" });
};
watch("value", () => requestAnimationFrame(toFocus));
setTimeout(toFocus, 50);
