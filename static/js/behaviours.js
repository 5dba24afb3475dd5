// Small page behaviours as data attributes, because CSP allows no inline handlers (onchange=, onsubmit=).
// <select data-autosubmit>: submit its form when the choice changes (the language switch).
// <form data-confirm="Question?">: ask before submitting.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("submit", (event) => {
  const question = event.target.dataset ? event.target.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
