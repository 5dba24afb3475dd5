// Submit the language form when the selection changes (no inline handlers: CSP allows only our own scripts).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.submit();
});
