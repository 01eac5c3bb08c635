// Loaded as a classic (blocking) script at the start of <body>, in place of the
// inline script in GOV.UK Frontend's page template, which a strict CSP forbids.
// `govuk-frontend-supported` is added only where ES modules run, as upstream does.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
