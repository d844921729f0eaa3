// The note editor (js_on_load of #note-view): move and remove buttons, and the delegate's
// own text and the note's title, sent to Python when a field loses focus.
element.addEventListener("click", (event) => {
  const tool = event.target.closest ? event.target.closest(".note-tool[data-act]") : null;
  if (!tool) return;
  event.preventDefault();
  trigger("click", { action: tool.dataset.act, item: tool.dataset.item });
});
element.addEventListener("change", (event) => {
  const t = event.target;
  if (t.matches && t.matches("textarea.item-text")) {
    trigger("submit", { action: "note-edit", item: t.dataset.item, text: t.value });
  } else if (t.matches && t.matches("input.note-title")) {
    trigger("submit", { action: "note-title", item: "", text: t.value });
  }
});
