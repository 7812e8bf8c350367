// The network around an entity, drawn as SVG and expanded hop by hop.
//
// No library: a small force layout (repulsion between all parties, springs along the
// links, a pull to the centre, cooling), deterministic for a given set of ids. As in the
// HTML reports (report/network_svg.py) shapes and line styles carry the meaning, not
// only colours: people are circles, organisations squares, vessels and aircraft
// diamonds; sanctioned parties are filled dark red and labelled "sanctioned";
// ownership is a thick arrow, directorship a thin arrow, other links dashed, shared
// identifiers dotted. Every party is a focusable button: Enter (or a click) expands it
// (one more /entities/{id}/network call) and selects it; the panel above the drawing
// links to its entity page.

const SVG = "http://www.w3.org/2000/svg";
const W = 960;
const H = 560;
const EDGE_STYLE = {
  ownership: ["#1b1f24", 2.6, ""],
  directorship: ["#1b1f24", 1.4, ""],
  family: ["#57606a", 1.4, "6 3"],
  link: ["#57606a", 1.4, "6 3"],
  association: ["#57606a", 1.4, "6 3"],
  same_identifier: ["#8250df", 1.6, "2 3"],
};
const KIND_LABEL = {
  ownership: "ownership",
  directorship: "directorship",
  family: "family",
  link: "link",
  association: "association",
  same_identifier: "same identifier",
};

function el(name, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

function short(text, n = 30) {
  return text.length > n ? text.slice(0, n - 1) + "…" : text;
}

function shapeOf(schema) {
  if (schema === "Person") return "circle";
  if (schema === "Vessel" || schema === "Airplane") return "diamond";
  return "square";
}

/** Move the parties until the layout settles; ``pinned`` never move, ``settled`` move less. */
export function layout(nodes, edges, pinned, settled, rounds = 300) {
  const list = [...nodes.values()];
  const n = list.length;
  if (n === 0) return;
  const k = Math.max(70, Math.min(170, Math.sqrt((W * H) / n) * 0.75));
  let heat = W / 8;
  const index = new Map(list.map((node, i) => [node.id, i]));
  const links = edges
    .map((e) => [index.get(e.source), index.get(e.target)])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  for (let round = 0; round < rounds; round++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < n; i++) {
      const a = list[i];
      for (let j = i + 1; j < n; j++) {
        const b = list[j];
        let x = a.x - b.x;
        let y = a.y - b.y;
        let d2 = x * x + y * y;
        if (d2 < 0.01) {
          x = hash(a.id + b.id) - 0.5;
          y = hash(b.id + a.id) - 0.5;
          d2 = x * x + y * y + 0.01;
        }
        const d = Math.sqrt(d2);
        const f = (k * k) / d;
        dx[i] += (x / d) * f;
        dy[i] += (y / d) * f;
        dx[j] -= (x / d) * f;
        dy[j] -= (y / d) * f;
      }
    }
    for (const [i, j] of links) {
      const a = list[i];
      const b = list[j];
      const x = a.x - b.x;
      const y = a.y - b.y;
      const d = Math.max(0.1, Math.sqrt(x * x + y * y));
      const f = (d * d) / k;
      dx[i] -= (x / d) * f;
      dy[i] -= (y / d) * f;
      dx[j] += (x / d) * f;
      dy[j] += (y / d) * f;
    }
    for (let i = 0; i < n; i++) {
      const node = list[i];
      if (pinned.has(node.id)) continue;
      dx[i] -= (node.x - W / 2) * 0.05 * k / 60;
      dy[i] -= (node.y - H / 2) * 0.05 * k / 60;
      const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (d < 1e-9) continue;
      const cap = settled.has(node.id) ? heat * 0.3 : heat;
      const step = Math.min(d, cap);
      node.x += (dx[i] / d) * step;
      node.y += (dy[i] / d) * step;
    }
    heat = Math.max(1, heat * 0.97);
  }
}

export class NetworkGraph {
  /**
   * @param {HTMLElement} root where to draw
   * @param {{fetch: (id: string) => Promise<any>, href: (id: string) => string}} options
   */
  constructor(root, options) {
    this.root = root;
    this.fetch = options.fetch;
    this.href = options.href;
    this.nodes = new Map();
    this.edges = new Map();
    this.expanded = new Set();
    this.rootId = null;
    this.selected = null;
    this.busy = false;
    this.truncated = false;
  }

  async start(id, data) {
    this.nodes.clear();
    this.edges.clear();
    this.expanded.clear();
    this.rootId = id;
    this.selected = id;
    this.merge(id, data ?? (await this.fetch(id)));
    this.render();
  }

  merge(center, data) {
    const origin = this.nodes.get(center);
    const cx = origin ? origin.x : W / 2;
    const cy = origin ? origin.y : H / 2;
    const settled = new Set(this.nodes.keys());
    const fresh = data.nodes.filter((n) => !this.nodes.has(n.id));
    fresh.forEach((n, i) => {
      const angle = 2 * Math.PI * ((i + hash(n.id)) / Math.max(1, fresh.length));
      const r = n.id === center ? 0 : 90 + 30 * hash(n.id + "r");
      this.nodes.set(n.id, { ...n, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) });
    });
    for (const n of data.nodes) {
      const known = this.nodes.get(n.id);
      known.sanctioned = known.sanctioned || n.sanctioned;
    }
    for (const e of data.edges) {
      const key = [e.source, e.target, e.kind, e.id ?? e.label].join("\u0000");
      if (!this.edges.has(key)) this.edges.set(key, e);
    }
    this.expanded.add(center);
    this.truncated = this.truncated || Boolean(data.truncated);
    layout(this.nodes, [...this.edges.values()], new Set([this.rootId]), settled);
  }

  async expand(id) {
    if (this.busy) return;
    this.selected = id;
    if (this.expanded.has(id)) {
      this.render(id);
      return;
    }
    this.busy = true;
    this.root.setAttribute("aria-busy", "true");
    try {
      this.merge(id, await this.fetch(id));
    } catch (err) {
      this.error = String(err.message || err);
    } finally {
      this.busy = false;
      this.root.removeAttribute("aria-busy");
    }
    this.render(id);
  }

  render(focusId = null) {
    const doc = document;
    this.root.replaceChildren();
    const tools = doc.createElement("div");
    tools.className = "graph-tools";
    const sel = this.nodes.get(this.selected);
    const count = doc.createElement("span");
    count.textContent =
      `${this.nodes.size} parties, ${this.edges.size} links; ` +
      `expanded ${this.expanded.size}` + (this.truncated ? " (some neighbours left out)" : "");
    count.className = "muted";
    count.dataset.testid = "graph-count";
    tools.append(count);
    if (sel) {
      const info = doc.createElement("span");
      info.append("Selected: ");
      const link = doc.createElement("a");
      link.href = this.href(sel.id);
      link.textContent = sel.caption;
      info.append(link, ` (${sel.schema}${sel.sanctioned ? ", sanctioned" : ""})`);
      tools.append(info);
    }
    if (this.expanded.size > 1) {
      const reset = doc.createElement("button");
      reset.type = "button";
      reset.textContent = "Back to one hop";
      reset.addEventListener("click", async () => {
        // fetched first: if the service fails, the graph stays as it is and says why
        try {
          await this.start(this.rootId, await this.fetch(this.rootId));
        } catch (err) {
          this.error = String(err.message || err);
          this.render();
        }
      });
      tools.append(reset);
    }
    if (this.error) {
      const err = doc.createElement("span");
      err.className = "error";
      err.textContent = this.error;
      tools.append(err);
      this.error = null;
    }
    this.root.append(tools);
    this.root.append(this.drawing());
    this.root.append(this.legend());
    if (focusId) {
      const target = this.root.querySelector(`[data-id="${CSS.escape(focusId)}"]`);
      if (target) target.focus();
    }
  }

  drawing() {
    const nodes = [...this.nodes.values()];
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (const n of nodes) {
      minX = Math.min(minX, n.x - 90);
      maxX = Math.max(maxX, n.x + 90);
      minY = Math.min(minY, n.y - 30);
      maxY = Math.max(maxY, n.y + 45);
    }
    // a view about as wide as the page (so text keeps its size), the drawing centred
    const width = Math.max(W, maxX - minX, (maxY - minY) * 1.9);
    const height = Math.max(maxY - minY, width / 2.2);
    const x0 = (minX + maxX) / 2 - width / 2;
    const y0 = (minY + maxY) / 2 - height / 2;
    const svg = el("svg", {
      class: "net",
      viewBox: `${x0.toFixed(1)} ${y0.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}`,
      role: "group",
      "aria-label": `Network of ${this.nodes.get(this.rootId)?.caption ?? ""}: ` +
        `${this.nodes.size} parties. Tab to a party and press Enter to expand it.`,
    });
    svg.append(
      el("defs", {},
        el("marker", { id: "tw-arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
          markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#1b1f24" }))),
    );
    const edgeLayer = el("g", { "aria-hidden": "true" });
    const labels = this.edges.size <= 60;
    for (const e of this.edges.values()) {
      const a = this.nodes.get(e.source);
      const b = this.nodes.get(e.target);
      if (!a || !b) continue;
      const [stroke, w, dash] = EDGE_STYLE[e.kind] ?? ["#57606a", 1.2, "4 3"];
      const x = b.x - a.x;
      const y = b.y - a.y;
      const d = Math.max(1, Math.hypot(x, y));
      const trim = 14;
      edgeLayer.append(el("line", {
        x1: a.x + (x / d) * trim, y1: a.y + (y / d) * trim,
        x2: b.x - (x / d) * trim, y2: b.y - (y / d) * trim,
        stroke, "stroke-width": w, "stroke-dasharray": dash || null,
        "marker-end": e.directed ? "url(#tw-arrow)" : null,
        "data-kind": e.kind,
      }));
      if (labels && e.label) {
        edgeLayer.append(el("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 3, class: "el" },
          short(e.label, 26)));
      }
    }
    svg.append(edgeLayer);
    const nodeLayer = el("g");
    for (const n of nodes) {
      const fill = n.sanctioned ? "#b3261e" : "#ffffff";
      const strong = this.expanded.has(n.id);
      const stroke = strong ? "#1b1f24" : "#57606a";
      const sw = strong ? 2.5 : 1.5;
      const g = el("g", {
        class: "node" + (n.id === this.selected ? " selected" : ""),
        tabindex: 0,
        role: "button",
        "data-id": n.id,
        "data-testid": "graph-node",
        "aria-pressed": String(this.expanded.has(n.id)),
        "aria-label": `${n.caption}, ${n.schema}${n.sanctioned ? ", sanctioned" : ""}` +
          (this.expanded.has(n.id) ? ", expanded" : ", press Enter to expand"),
        transform: `translate(${n.x.toFixed(1)},${n.y.toFixed(1)})`,
      });
      g.append(el("title", {}, `${n.caption} (${n.schema}; ${n.datasets.join(", ")})`));
      if (n.id === this.rootId) {
        g.append(el("circle", { r: 17, fill: "none", stroke: "#1b1f24", "stroke-width": 1.2 }));
      }
      const shape = shapeOf(n.schema);
      if (shape === "circle") {
        g.append(el("circle", { r: 10, fill, stroke, "stroke-width": sw, class: "shape" }));
      } else if (shape === "diamond") {
        g.append(el("path", { d: "M0,-12 L12,0 L0,12 L-12,0 z", fill, stroke,
          "stroke-width": sw, class: "shape" }));
      } else {
        g.append(el("rect", { x: -10, y: -10, width: 20, height: 20, fill, stroke,
          "stroke-width": sw, class: "shape" }));
      }
      g.append(el("text", { y: 26, class: "nl" }, short(n.caption)));
      if (n.sanctioned) g.append(el("text", { y: 38, class: "nl des" }, "sanctioned"));
      const activate = () => this.expand(n.id);
      g.addEventListener("click", activate);
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          activate();
        }
      });
      nodeLayer.append(g);
    }
    svg.append(nodeLayer);
    const wrap = document.createElement("div");
    wrap.append(svg);
    return wrap;
  }

  legend() {
    const box = document.createElement("div");
    box.className = "legend";
    const item = (svgChild, text) => {
      const span = document.createElement("span");
      const s = el("svg", { width: 36, height: 16, "aria-hidden": "true" }, svgChild);
      span.append(s, " " + text);
      box.append(span);
    };
    item(el("rect", { x: 12, y: 2, width: 12, height: 12, fill: "#fff", stroke: "#57606a" }),
      "organisation");
    item(el("circle", { cx: 18, cy: 8, r: 6, fill: "#fff", stroke: "#57606a" }), "person");
    item(el("circle", { cx: 18, cy: 8, r: 6, fill: "#b3261e", stroke: "#1b1f24" }), "sanctioned");
    for (const kind of ["ownership", "directorship", "link", "same_identifier"]) {
      const [stroke, w, dash] = EDGE_STYLE[kind];
      item(el("line", { x1: 2, y1: 8, x2: 34, y2: 8, stroke, "stroke-width": w,
        "stroke-dasharray": dash || null }), KIND_LABEL[kind]);
    }
    return box;
  }
}
