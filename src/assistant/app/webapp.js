// Runs as the source panel's js_on_load: `element`, `trigger` and `watch` come from gr.HTML.
// A click on any citation chip, or on a desk button (pin an answer or a passage, open the
// document, close the panel), anywhere on the page, asks Python through this panel.
window.__citeTrigger = trigger;
if (!window.__citeChipsBound) {
  window.__citeChipsBound = true;
  const sheet = (open) => {
    const col = document.querySelector("#source-column");
    if (col) col.classList.toggle("sheet-open", open);
  };
  document.addEventListener("click", (event) => {
    const t = event.target && event.target.closest ? event.target : null;
    if (!t) return;
    if (t.closest("[role=tab], .overflow-menu")) { sheet(false); return; }  // leaving the view
    const chip = t.closest(".cite-chip[data-cid]");
    const act = t.closest(".desk-act[data-act]");
    if (!chip && !act) return;
    event.preventDefault();
    event.stopPropagation();
    if (chip) {
      document.querySelectorAll(".cite-chip.active").forEach((c) => c.classList.remove("active"));
      chip.classList.add("active");
      sheet(true);
      window.__citeTrigger("click", { action: "chip", cid: chip.dataset.cid });
      return;
    }
    const name = act.dataset.act;
    if (name !== "pin-answer") sheet(false);  // done with the passage: back to the page
    window.__citeTrigger("click", {
      action: name, cid: act.dataset.cid || "", quote: act.dataset.quote || "",
      turn: act.dataset.turn === undefined ? -1 : Number(act.dataset.turn),
    });
  }, true);
}
watch("value", () => {
  const target = element.querySelector("mark") || element.querySelector(".unit.cited");
  if (target) target.scrollIntoView({ block: "nearest", behavior: "smooth" });
  if (element.querySelector(".source.empty")) {
    const col = document.querySelector("#source-column");
    if (col) col.classList.remove("sheet-open");
  }
});
