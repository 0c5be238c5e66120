/* Screening page: upload a file, follow the job's progress, show its results with a
   per-feature picture of each score, and mark false positives. */
"use strict";
(() => {
  const { call, el, tlp, toast } = cordon;

  const upload = document.getElementById("upload");
  if (upload) {
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = document.getElementById("upload-error");
      error.hidden = true;
      const button = upload.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const job = await call("POST", "/api/v1/screenings", new FormData(upload));
        window.location = `/screening/${encodeURIComponent(job.id)}`;
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        button.disabled = false;
      }
    });
  }

  const box = document.getElementById("job");
  if (!box) return;
  const jobId = box.dataset.job;
  const base = `/api/v1/screenings/${encodeURIComponent(jobId)}`;
  const hitsOnly = document.getElementById("hits-only");
  const STATES = { queued: "Queued", indexing: "Preparing the screening index…", running: "Screening", done: "Done", failed: "Failed" };

  function bars(explanation) {
    const grid = el("div", { class: "bars", role: "list", "aria-label": "Score explanation" });
    for (const f of explanation) {
      const width = Math.min(100, Math.abs(f.effect) * 100);
      const span = el("span", { class: f.effect >= 0 ? "pos" : "neg", style: `width:${width}%` });
      grid.append(
        el("span", { role: "listitem" }, f.feature),
        el("span", {}, `${f.effect >= 0 ? "+" : ""}${f.effect.toFixed(2)}`),
        el("div", { class: "bar", title: f.detail }, span),
      );
      grid.append(el("span", { class: "muted", style: "grid-column: 1 / -1" }, f.detail));
    }
    return grid;
  }

  function reviewForm(row, match) {
    if (match.reviewed) {
      return el("span", { class: "badge" }, `reviewed: ${match.reviewed.decision.replace("_", " ")}`, el("br"),
        el("span", { class: "muted" }, match.reviewed.reason));
    }
    const id = `reason-${row.row}-${match.entity_id}`;
    const form = el("form", { class: "review" },
      el("label", { for: id }, "Reason"),
      el("input", { id, name: "reason", required: true, placeholder: "e.g. different birth date", size: 18 }),
      el("button", { type: "submit", class: "secondary" }, "Mark false positive"));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await call("POST", "/api/v1/reviews", {
          screening: jobId, row: row.row, entity_id: match.entity_id, reason: form.elements.reason.value,
        });
        toast(`Marked ${match.caption} as a false positive for row ${row.row}`);
        loadResults();
      } catch (e) { toast(e.message, true); }
    });
    return form;
  }

  function rowsFor(row) {
    const input = row.input || {};
    const screened = el("td", {}, el("strong", {}, (input.names || []).join("; ") || row.id),
      el("br"), el("span", { class: "muted" }, [input.schema, ...(input.birth_dates || []), ...(input.countries || []), ...(input.imo || []), ...(input.passports || [])].filter(Boolean).join(" · ")));
    if (row.error) {
      return [el("tr", {}, el("td", { class: "num" }, row.row), screened, el("td", { colspan: 4, class: "error" }, row.error))];
    }
    if (!row.matches.length) {
      return [el("tr", {}, el("td", { class: "num" }, row.row), screened, el("td", { colspan: 4, class: "muted" }, "No match above the report floor"))];
    }
    return row.matches.map((m, i) => el("tr", { class: m.reviewed ? "reviewed" : "", "data-row": row.row, "data-entity": m.entity_id },
      i === 0 ? el("td", { class: "num", rowspan: row.matches.length }, row.row) : null,
      i === 0 ? Object.assign(screened, { rowSpan: row.matches.length }) : null,
      el("td", {}, el("a", { href: `/entity/${encodeURIComponent(m.entity_id)}` }, m.caption), " ",
        m.match ? el("span", { class: "badge designated" }, "hit") : null, el("br"),
        el("span", { class: "muted" }, `${m.schema} · ${m.source_ids.join(", ")}`), " ", tlp(m.marking || "TLP:CLEAR")),
      el("td", { class: "num" }, m.score.toFixed(2)),
      el("td", {}, bars(m.explanation)),
      el("td", {}, reviewForm(row, m))));
  }

  async function loadResults() {
    const data = await call("GET", `${base}/results?limit=200&hits_only=${hitsOnly.checked}`);
    const body = document.querySelector("#results tbody");
    body.replaceChildren(...data.rows.flatMap(rowsFor));
    if (!data.rows.length) body.append(el("tr", {}, el("td", { colspan: 6, class: "muted" }, hitsOnly.checked ? "No row has a hit." : "No rows.")));
    document.getElementById("more").textContent = data.matching > data.rows.length ? `Showing ${data.rows.length} of ${data.matching} rows: download the results for all.` : "";
  }

  async function poll() {
    let status;
    try { status = await call("GET", base); } catch (e) { toast(e.message, true); return; }
    const progress = document.getElementById("progress");
    const text = document.getElementById("progress-text");
    if (status.total) { progress.max = status.total; progress.value = status.done; } else { progress.removeAttribute("value"); }
    text.textContent = `${STATES[status.state] || status.state}: ${status.done}${status.total ? " of " + status.total : ""} rows, ${status.hits} with hits${status.errors ? `, ${status.errors} errors` : ""}${status.error ? " — " + status.error : ""}`;
    document.getElementById("job-warnings").textContent = (status.warnings || []).join(" · ");
    box.dataset.state = status.state;
    if (status.state === "done") { progress.value = progress.max = Math.max(1, status.total || 1); await loadResults(); return; }
    if (status.state === "failed") return;
    setTimeout(poll, 500);
  }
  hitsOnly.addEventListener("change", loadResults);
  poll();
})();
