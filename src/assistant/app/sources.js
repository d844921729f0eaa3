// The source picker (js_on_load of #sources): the ticked document ids go to Python.
const send = () => trigger("input", {
  ids: [...element.querySelectorAll("input[type=checkbox]:checked")].map((c) => c.value),
});
element.addEventListener("change", (event) => {
  if (event.target.matches && event.target.matches("input[type=checkbox]")) send();
});
element.addEventListener("click", (event) => {
  const b = event.target.closest ? event.target.closest("[data-src]") : null;
  if (!b) return;
  event.preventDefault();
  element.querySelectorAll("input[type=checkbox]").forEach((c) => { c.checked = b.dataset.src === "all"; });
  send();
});
