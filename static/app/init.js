// Starts GOV.UK Frontend's components (error summary focus, radios and checkboxes
// reveals, service navigation toggle, notification banners, ...).
// Loaded with <script type="module">, so it runs only in browsers GOV.UK Frontend supports,
// after the document is parsed. The import is relative so it follows STATIC_URL.
import { initAll } from "../govuk/govuk-frontend.min.js";

// js-enabled.js normally sets this already; set it here too in case that script was left out.
document.body.classList.add("js-enabled", "govuk-frontend-supported");

initAll();
