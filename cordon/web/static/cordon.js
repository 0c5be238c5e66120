/* cordon UI helpers: JSON calls to /api/v1 with the session cookie, and the generic
   data-api forms and data-post buttons the pages use. No third-party code. */
"use strict";
const cordon = (() => {
  function toast(message, isError) {
    const box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    box.classList.toggle("error", !!isError);
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
  }

  async function call(method, url, body) {
    const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body instanceof FormData) {
      options.body = body;
    } else if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(url, options);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = { detail: text }; }
    if (!response.ok) {
      let detail = data && data.detail ? data.detail : response.statusText;
      if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
      const error = new Error(`${response.status}: ${detail}`);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function markingBody(form) {
    /* The marking picker: a TLP level and the agencies to release to. */
    const data = new FormData(form);
    const rel = data.getAll("rel_to[]");
    const level = data.get("tlp");
    let marking = `TLP:${level}`;
    if (rel.length && level !== "CLEAR" && level !== "RED") marking += ` REL TO ${rel.join(",")}`;
    const body = { marking };
    const props = (data.get("props") || "").split(",").map((p) => p.trim()).filter(Boolean);
    if (props.length) body.props = props;
    return body;
  }

  function formBody(form) {
    if (form.dataset.marking !== undefined) return markingBody(form);
    const body = {};
    for (const [key, value] of new FormData(form).entries()) {
      if (key.endsWith("[]")) {
        const name = key.slice(0, -2);
        (body[name] = body[name] || []).push(value);
      } else if (value !== "") {
        body[key] = form.elements[key] && form.elements[key].type === "number" ? Number(value) : value;
      }
    }
    return body;
  }

  function after(el, data) {
    const message = el.dataset.done || "Done";
    toast(message);
    if (el.dataset.go && data) {
      window.location = el.dataset.go.replace("{id}", encodeURIComponent(data.id));
    } else if (el.dataset.reload !== undefined) {
      setTimeout(() => window.location.reload(), 400);
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.dataset.api) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      after(form, await call(form.dataset.method || "POST", form.dataset.api, formBody(form)));
    } catch (error) {
      toast(error.message, true);
    } finally {
      if (button) button.disabled = false;
    }
  });

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-post]");
    if (!button) return;
    event.preventDefault();
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
    button.disabled = true;
    try {
      const body = button.dataset.body ? JSON.parse(button.dataset.body) : undefined;
      after(button, await call(button.dataset.method || "POST", button.dataset.post, body));
    } catch (error) {
      toast(error.message, true);
    } finally {
      button.disabled = false;
    }
  });

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function tlp(label) {
    if (!label) return null;
    const level = label.split(" ")[0].replace("TLP:", "").replace("+STRICT", "-strict").toLowerCase();
    return el("span", { class: `tlp tlp-${level}`, title: `Marking: ${label}` }, label);
  }

  function hedge(value) {
    if (!value || value === "asserted") return null;
    return el("span", { class: `hedge hedge-${value}`, title: `The source ${value} this; it is not established fact` }, value);
  }

  return { call, toast, el, tlp, hedge };
})();

/* The document reader's upload: multipart to the documents API, then open the document. */
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.dataset.uploadDocument === undefined) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  cordon.toast("Reading the document…");
  try {
    const doc = await cordon.call("POST", "/api/v1/documents", new FormData(form));
    window.location = `/documents/${encodeURIComponent(doc.id)}`;
  } catch (error) {
    cordon.toast(error.message, true);
    button.disabled = false;
  }
});
