/* Network view: a small force-directed SVG renderer over /api/v1/graph (no third-party code).
   Nodes are focusable buttons: Enter selects, "Expand" loads a node's neighbours. Filters by
   relation and hedge apply to the drawn edges; a path query highlights the evidence path. */
"use strict";
(() => {
  const { call, el, tlp, hedge, toast } = cordon;
  const svg = document.getElementById("graph");
  if (!svg) return;
  const NS = "http://www.w3.org/2000/svg";
  const state = { nodes: new Map(), edges: new Map(), selected: null, path: new Set(), root: null };
  const form = document.getElementById("graph-form");
  const pathForm = document.getElementById("path-form");
  const status = document.getElementById("graph-status");
  const W = () => svg.clientWidth || 800;
  const H = () => svg.clientHeight || 520;

  function svgEl(tag, attrs) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return node;
  }

  function hedges() { return new Set([...form.querySelectorAll("input[name=hedge]:checked")].map((i) => i.value)); }
  function relations() { return new Set([...document.querySelectorAll("#relations input:checked")].map((i) => i.value)); }

  function visibleEdges() {
    const hs = hedges(), rs = relations();
    return [...state.edges.values()].filter((e) => hs.has(e.hedge || "asserted") && (!rs.size || rs.has(e.relation)));
  }

  function merge(data, origin) {
    const center = origin && state.nodes.get(origin);
    for (const n of data.nodes) {
      const known = state.nodes.get(n.id);
      if (known) { Object.assign(known, n, { x: known.x, y: known.y }); continue; }
      const angle = Math.random() * 2 * Math.PI;
      const r = center ? 60 : 150 * Math.random();
      state.nodes.set(n.id, { ...n, x: (center ? center.x : W() / 2) + r * Math.cos(angle), y: (center ? center.y : H() / 2) + r * Math.sin(angle) });
    }
    for (const e of data.edges) state.edges.set(e.id, e);
    relationFilters();
  }

  function layout(iterations) {
    const nodes = [...state.nodes.values()];
    const edges = visibleEdges();
    const k = Math.sqrt((W() * H()) / Math.max(1, nodes.length)) * 0.6;
    for (let it = 0; it < iterations; it++) {
      const t = 20 * (1 - it / iterations) + 1;
      for (const a of nodes) { a.dx = 0; a.dy = 0; }
      for (let i = 0; i < nodes.length; i++) {
        for (let j = i + 1; j < nodes.length; j++) {
          const a = nodes[i], b = nodes[j];
          let dx = a.x - b.x, dy = a.y - b.y;
          const d = Math.max(1, Math.hypot(dx, dy));
          const f = (k * k) / d;
          dx /= d; dy /= d;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      for (const e of edges) {
        const a = state.nodes.get(e.source), b = state.nodes.get(e.target);
        if (!a || !b) continue;
        let dx = a.x - b.x, dy = a.y - b.y;
        const d = Math.max(1, Math.hypot(dx, dy));
        const f = (d * d) / k;
        dx /= d; dy /= d;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      }
      for (const a of nodes) {
        const d = Math.max(1, Math.hypot(a.dx, a.dy));
        a.x = Math.min(W() - 40, Math.max(40, a.x + (a.dx / d) * Math.min(d, t)));
        a.y = Math.min(H() - 25, Math.max(25, a.y + (a.dy / d) * Math.min(d, t)));
      }
    }
  }

  function draw() {
    svg.replaceChildren();
    const edges = visibleEdges();
    const shown = new Set();
    edges.forEach((e) => { shown.add(e.source); shown.add(e.target); });
    if (state.root) shown.add(state.root);
    const gEdges = svgEl("g"), gNodes = svgEl("g");
    for (const e of edges) {
      const a = state.nodes.get(e.source), b = state.nodes.get(e.target);
      if (!a || !b) continue;
      const line = svgEl("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: `edge hedge-${e.hedge || "asserted"}${state.path.has(e.id) ? " on-path" : ""}`, "data-edge": e.id });
      const title = svgEl("title");
      title.textContent = `${e.label || e.relation} (${e.hedge || "asserted"}) ${e.marking || ""}`;
      line.append(title);
      gEdges.append(line);
      const label = svgEl("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, class: "edge-label", "text-anchor": "middle" });
      label.textContent = (e.label || e.relation) + (e.hedge && e.hedge !== "asserted" ? ` (${e.hedge})` : "");
      gEdges.append(label);
    }
    for (const n of state.nodes.values()) {
      if (!shown.has(n.id)) continue;
      const g = svgEl("g", { class: `node${n.designated ? " designated" : ""}${state.selected === n.id ? " selected" : ""}`, transform: `translate(${n.x},${n.y})`, tabindex: "0", role: "button", "aria-label": `${n.caption} (${n.schema}${n.designated ? ", designated" : ""})`, "data-node": n.id });
      g.append(svgEl("circle", { r: n.id === state.root ? 11 : 8 }));
      const text = svgEl("text", { x: 12, y: 4 });
      text.textContent = n.caption.length > 32 ? n.caption.slice(0, 31) + "…" : n.caption;
      g.append(text);
      g.addEventListener("click", () => select(n.id));
      g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(n.id); } });
      gNodes.append(g);
    }
    svg.append(gEdges, gNodes);
    status.textContent = `${shown.size} entities, ${edges.length} links shown${state.truncated ? " (truncated: filter or expand step by step)" : ""}`;
    nodeList(shown);
  }

  function nodeList(shown) {
    const list = document.getElementById("node-list");
    list.replaceChildren(...[...state.nodes.values()].filter((n) => shown.has(n.id)).sort((a, b) => a.caption.localeCompare(b.caption))
      .map((n) => el("li", {}, el("button", { type: "button", class: "link", onclick: () => select(n.id) }, n.caption), n.designated ? el("span", { class: "badge designated" }, "designated") : null)));
  }

  function relationFilters() {
    const box = document.getElementById("relations");
    const known = new Set([...box.querySelectorAll("input")].map((i) => i.value));
    for (const e of state.edges.values()) {
      if (known.has(e.relation)) continue;
      known.add(e.relation);
      const id = `rel-${e.relation}`;
      box.append(el("label", { for: id }, el("input", { type: "checkbox", id, value: e.relation, checked: true, onchange: () => draw() }), ` ${e.relation}`));
    }
  }

  function select(id) {
    state.selected = id;
    draw();
    const n = state.nodes.get(id);
    const panel = document.getElementById("selected");
    const edges = visibleEdges().filter((e) => e.source === id || e.target === id);
    panel.replaceChildren(
      el("h3", {}, n.caption),
      el("p", { class: "muted" }, `${n.schema} · ${(n.source_ids || []).join(", ")}`),
      el("div", { class: "row" },
        el("button", { type: "button", id: "expand", onclick: () => expand(id) }, "Expand"),
        el("a", { class: "button secondary", href: `/entity/${encodeURIComponent(id)}` }, "Entity page"),
        el("button", { type: "button", class: "secondary", onclick: () => { pathForm.elements.source.value = id; } }, "Path from"),
        el("button", { type: "button", class: "secondary", onclick: () => { pathForm.elements.target.value = id; } }, "Path to")),
      el("h4", {}, "Links and evidence"),
      el("ul", {}, edges.map((e) => {
        const other = state.nodes.get(e.source === id ? e.target : e.source);
        return el("li", {}, `${e.label || e.relation} `, other ? other.caption : "", " ", hedge(e.hedge), " ", tlp(e.marking),
          e.percentage != null ? ` ${e.percentage} %` : "",
          el("ul", {}, (e.evidence || []).slice(0, 3).map(evidence)));
      })));
    panels(id);
  }

  /* One piece of evidence: the list record, or a link to the document (and its span) that
     states the link, so the analyst can follow it to the text. */
  function evidence(ev) {
    if (typeof ev === "string") return el("li", { class: "muted" }, ev);
    const where = ev.document_id
      ? el("a", { class: "evidence", href: `/documents/${encodeURIComponent(ev.document_id)}` }, `document ${ev.document_id}`)
      : `${ev.source || ""}${ev.record_id ? " " + ev.record_id : ""}`;
    return el("li", { class: "muted" }, where, ev.span ? ` (characters ${ev.span[0]}–${ev.span[1]})` : "");
  }

  /* Exposure and ownership answers can arrive after the analyst has selected another node;
     an answer for a node no longer selected is dropped, so a panel never describes the wrong one. */
  async function panels(id) {
    const stale = () => state.selected !== id;
    const exposure = document.getElementById("exposure");
    const ownership = document.getElementById("ownership");
    exposure.replaceChildren(el("p", { class: "muted" }, "Loading exposure…"));
    ownership.replaceChildren();
    try {
      const x = await call("GET", `/api/v1/graph/exposure?entity=${encodeURIComponent(id)}&hops=3`);
      if (stale()) return;
      exposure.replaceChildren(el("p", {}, el("strong", {}, `Exposure ${Number(x.score).toFixed(2)}`)),
        el("ol", {}, (x.explanation || []).map((line) => el("li", {}, line.why || "", " ", el("span", { class: "muted" }, `weight ${Number(line.weight).toFixed(2)}`)))));
    } catch (e) {
      if (stale()) return;
      exposure.replaceChildren(el("p", { class: "muted" }, `Exposure not available (${e.message})`));
    }
    try {
      const o = await call("GET", `/api/v1/graph/ownership?entity=${encodeURIComponent(id)}`);
      if (stale()) return;
      const pct = (x) => `${(100 * Number(x || 0)).toFixed(1)} %`;
      const verdict = o.designated ? el("span", { class: "badge designated" }, "designated itself")
        : o.blocked ? el("span", { class: "badge designated" }, `blocked: ≥ ${pct(o.threshold)} owned by blocked persons`)
        : el("span", { class: "badge" }, `below the ${pct(o.threshold)} rule`);
      ownership.replaceChildren(...[  // replaceChildren would write a null out as "null"
        el("p", {}, el("strong", {}, `${pct(o.blocked_share)} owned by blocked persons`), " ", verdict),
        Number(o.alleged_share) > 0 ? el("p", { class: "muted" }, `${pct(o.alleged_share)} more through alleged or reported links (not counted)`) : null,
        el("ol", {}, (o.chains || []).map((c) => el("li", {},
          (c.owners || []).map((w) => w.caption).join(" → "), ` ${pct(c.look_through_share != null ? c.look_through_share : c.share)} `,
          hedge(c.hedge), c.counted ? null : el("span", { class: "muted" }, " (not counted)"))))].filter(Boolean));
    } catch (e) {
      if (!stale()) ownership.replaceChildren(el("p", { class: "muted" }, `Ownership not available (${e.message})`));
    }
  }

  function query(entity, hops) {
    const p = new URLSearchParams({ entity, hops: String(hops), limit: "200" });
    const hs = [...hedges()];
    if (hs.length < 4) p.set("hedge", hs.join(","));
    return `/api/v1/graph/neighbourhood?${p}`;
  }

  async function load(entity) {
    status.textContent = "Loading…";
    const ticket = state.loads = (state.loads || 0) + 1;  // a newer request supersedes this one
    try {
      const data = await call("GET", query(entity, Number(form.elements.hops.value)));
      if (ticket !== state.loads) return;
      state.nodes.clear(); state.edges.clear(); state.path.clear();
      document.getElementById("relations").replaceChildren();
      state.truncated = data.truncated;
      merge(data);
      const root = data.nodes.find((n) => n.id === entity || (n.source_ids || []).includes(entity)) || data.nodes.find((n) => n.hops === 0);
      state.root = root ? root.id : null;
      layout(300);
      draw();
      if (state.root) select(state.root);
    } catch (e) {
      if (ticket !== state.loads) return;
      status.textContent = e.status === 404 && !e.message.includes("not found") ? "The graph service is not available on this node." : `Could not load the network: ${e.message}`;
    }
  }

  async function expand(id) {
    try {
      const data = await call("GET", query(id, 1));
      const before = state.nodes.size;
      merge(data, id);
      state.truncated = state.truncated || data.truncated;
      layout(120);
      select(id);
      toast(`${state.nodes.size - before} new entities around ${state.nodes.get(id).caption}`);
    } catch (e) { toast(e.message, true); }
  }

  async function findPath(event) {
    event.preventDefault();
    const source = pathForm.elements.source.value.trim(), target = pathForm.elements.target.value.trim();
    const out = document.getElementById("paths");
    if (!source || !target) { toast("Give both ends of the path", true); return; }
    try {
      const data = await call("GET", `/api/v1/graph/paths?${new URLSearchParams({ source, target, max_hops: "4" })}`);
      state.path.clear();
      for (const p of data.paths) { merge({ nodes: p.nodes, edges: p.edges }); p.edges.forEach((e) => state.path.add(e.id)); }
      layout(150); draw();
      out.replaceChildren(data.paths.length ? el("ol", {}, data.paths.map((p) => el("li", {},
        p.edges.map((e) => el("span", {}, `${(state.nodes.get(e.source) || {}).caption || e.source} —${e.label || e.relation}${e.hedge && e.hedge !== "asserted" ? " (" + e.hedge + ")" : ""}→ ${(state.nodes.get(e.target) || {}).caption || e.target}`, el("br")))))) : el("p", {}, "No path within 4 hops."));
    } catch (e) { out.replaceChildren(el("p", { class: "error" }, e.message)); }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load(form.elements.entity.value.trim()); });
  form.querySelectorAll("input[name=hedge]").forEach((i) => i.addEventListener("change", draw));
  document.getElementById("path-form").addEventListener("submit", findPath);
  if (form.elements.entity.value) load(form.elements.entity.value.trim());
})();
