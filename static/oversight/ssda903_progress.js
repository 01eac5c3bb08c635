// The SSDA903 results page while a check runs: every few seconds, fetch the page again and
// copy its progress line into this one (a role="status" region, so it is announced). When
// the check has finished, say so and offer the results: nothing reloads by itself.
// Without JavaScript the region keeps its "Refresh" link.
const region = document.getElementById("progress");
const text = region && region.querySelector("[data-progress-text]");
const link = region && region.querySelector("[data-progress-link]");
const EVERY_MS = 3000;

async function poll() {
  let response;
  try {
    response = await fetch(region.dataset.poll, { credentials: "same-origin" });
  } catch {
    setTimeout(poll, EVERY_MS * 2);
    return;
  }
  if (!response.ok) return;
  const next = new DOMParser()
    .parseFromString(await response.text(), "text/html")
    .getElementById("progress");
  if (next && next.dataset.poll) {
    text.textContent = next.querySelector("[data-progress-text]").textContent;
    setTimeout(poll, EVERY_MS);
  } else {
    text.textContent = "The check has finished.";
    link.textContent = "Show the results";
  }
}

if (region && region.dataset.poll && text && link) setTimeout(poll, EVERY_MS);
