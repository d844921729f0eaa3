// Runs as the source panel's js_on_load: `element`, `trigger` and `watch` come from gr.HTML.
// A click on any citation chip anywhere on the page asks Python for that source.
window.__citeTrigger = trigger;
if (!window.__citeChipsBound) {
  window.__citeChipsBound = true;
  document.addEventListener("click", (event) => {
    const chip = event.target && event.target.closest
      ? event.target.closest(".cite-chip[data-cid]") : null;
    if (!chip) return;
    event.preventDefault();
    event.stopPropagation();
    document.querySelectorAll(".cite-chip.active").forEach((c) => c.classList.remove("active"));
    chip.classList.add("active");
    window.__citeTrigger("click", { cid: chip.dataset.cid });
  }, true);
}
watch("value", () => {
  const target = element.querySelector("mark") || element.querySelector(".unit.cited");
  if (target) target.scrollIntoView({ block: "nearest", behavior: "smooth" });
});
