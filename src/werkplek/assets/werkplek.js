/* global document */
// Progressive enhancement only: every page works without this file.
// After a form comes back with errors or a refusal, move focus to the summary so screen reader
// and keyboard users land on what went wrong.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('foutenoverzicht') || document.getElementById('weigering');
  if (summary) summary.focus();
});
