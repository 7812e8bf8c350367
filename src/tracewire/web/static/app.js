// tracewire's web page: plain JavaScript modules, no build step, nothing from elsewhere.
//
// Hash routes: #/search, #/alerts, #/alerts/<id>, #/entities/<id>, #/lists,
// #/lists/<dataset>, #/portfolio, #/audit, #/payments, #/documents. Every page reads the service's JSON API
// (same origin); when it answers 401 the page asks for an API key and keeps it in
// sessionStorage (this tab only), sent as `Authorization: ApiKey <key>`. All data are
// written into the page as text nodes, never as HTML.

import { NetworkGraph } from "./graph.js";

const KEY = "tracewire.key";
const BASE = new URL("../", window.location.href);
const main = document.getElementById("main");

// -- the API ---------------------------------------------------------------------------

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function errorDetail(res) {
  try {
    const data = await res.json();
    if (typeof data.detail === "string") return data.detail;
    if (Array.isArray(data.detail)) {
      return data.detail.map((d) => `${(d.loc || []).join(".")}: ${d.msg}`).join("; ");
    }
  } catch {
    /* not JSON */
  }
  return `${res.status} ${res.statusText}`;
}

let keyPrompt = null;

function askKey(reason) {
  if (keyPrompt) return keyPrompt;
  const dialog = document.getElementById("key-dialog");
  const input = document.getElementById("key-input");
  document.getElementById("key-detail").textContent = reason ? `The service said: ${reason}` : "";
  input.value = "";
  keyPrompt = new Promise((resolve) => {
    const done = (ok) => {
      dialog.removeEventListener("close", onClose);
      keyPrompt = null;
      resolve(ok);
    };
    const onClose = () => {
      const key = input.value.trim();
      if (dialog.returnValue === "save" && key) {
        sessionStorage.setItem(KEY, key);
        done(true);
      } else {
        done(false);
      }
    };
    dialog.addEventListener("close", onClose);
    dialog.returnValue = "";
    dialog.showModal();
    input.focus();
  });
  return keyPrompt;
}

/** Call the API; asks for a key when it answers 401 and tries again with it.
 * `body` is sent as JSON; `raw` (a string or Blob) as it is, with the content type `type`. */
export async function api(path, { method = "GET", body, raw, type } = {}) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const headers = { Accept: "application/json" };
    const key = sessionStorage.getItem(KEY);
    if (key) headers.Authorization = `ApiKey ${key}`;
    const init = { method, headers };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    } else if (raw !== undefined) {
      headers["Content-Type"] = type || "application/octet-stream";
      init.body = raw;
    }
    const res = await fetch(new URL(path.replace(/^\//, ""), BASE), init);
    if (res.status === 401) {
      const detail = await errorDetail(res);
      // another request got a new key while this one was out: try again with it
      if (sessionStorage.getItem(KEY) !== key) continue;
      if (key) sessionStorage.removeItem(KEY);
      if (!(await askKey(detail))) throw new ApiError(401, detail);
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, await errorDetail(res));
    return res.status === 204 ? null : res.json();
  }
  throw new ApiError(401, "no valid API key was given");
}

let catalogCache = null;
async function catalog() {
  if (!catalogCache || Date.now() - catalogCache.at > 60_000) {
    catalogCache = { at: Date.now(), data: await api("/catalog") };
  }
  return catalogCache.data;
}

// -- building the page -------------------------------------------------------------------

/** An element: h("a", {href, class}, "text", child, [more]). Strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on") && typeof v === "function") node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (v === true) node.setAttribute(k, "");
    else node.setAttribute(k, String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(node, c);
    else node.append(c instanceof Node ? c : String(c));
  }
}

const enc = encodeURIComponent;
/** A link from list data, only when it is http(s): never `javascript:` or `data:`. */
const webUrl = (value) => (/^https?:\/\//i.test(String(value ?? "").trim()) ? String(value).trim() : null);
const entityHref = (id) => `#/entities/${enc(id)}`;
const alertHref = (id) => `#/alerts/${enc(id)}`;

function time(value) {
  if (!value) return "";
  const text = String(value);
  const m = text.match(/^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/);
  const shown = m ? `${m[1]} ${m[2]} UTC` : text;
  return h("time", { datetime: text }, shown);
}

function score(value, hit = false) {
  if (value === null || value === undefined) return "";
  const pct = Math.max(0, Math.min(1, Number(value))) * 100;
  return h("span", { class: "score" }, Number(value).toFixed(2),
    h("span", { class: "bar" + (hit ? " hit" : ""), "aria-hidden": "true" },
      h("span", { dataset: { w: pct.toFixed(0) } })));
}

function sizeBars(root) {
  // widths set from script (the CSP forbids inline style attributes)
  for (const bar of root.querySelectorAll(".bar > span[data-w]")) {
    bar.style.width = `${bar.dataset.w}%`;
  }
}

function badge(text, cls = "") {
  return h("span", { class: `badge ${cls}`.trim() }, text);
}

const STATUS_LABEL = {
  open: "open",
  true_match: "true match",
  false_positive: "false positive",
  escalated: "escalated",
};

function statusBadge(status) {
  return badge(STATUS_LABEL[status] || status, `status-${status}`);
}

function human(prop) {
  return prop.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function valuesList(values) {
  const items = (values || []).filter((v) => v !== null && v !== undefined && v !== "");
  if (items.length === 0) return h("span", { class: "muted" }, "—");
  if (items.length === 1) return valueNode(items[0]);
  return h("ul", { class: "values" }, items.map((v) => h("li", {}, valueNode(v))));
}

function valueNode(v) {
  if (v && typeof v === "object") {
    if (v.id) return h("a", { href: entityHref(v.id) }, v.caption || v.id);
    return JSON.stringify(v);
  }
  return String(v);
}

function effect(value) {
  if (value === null || value === undefined) return "";
  const n = Number(value);
  if (Number.isNaN(n)) return String(value);
  const text = (n > 0 ? "+" : n < 0 ? "−" : "±") + Math.abs(n).toFixed(2);
  return h("span", { class: n > 0 ? "effect-pos" : n < 0 ? "effect-neg" : "" }, text);
}

function errorBox(err) {
  const status = err instanceof ApiError ? ` (${err.status})` : "";
  return h("p", { class: "error", role: "alert" }, `${err.message || err}${status}`);
}

// -- explanations (search results and alerts) ----------------------------------------------

const FEATURE_ORDER = ["name", "identifier", "birth_date", "country", "gender"];
const FEATURE_LABEL = {
  name: "Name",
  identifier: "Identifier",
  birth_date: "Birth date",
  country: "Country",
  gender: "Gender",
};

function explanationTable(explanations) {
  const keys = Object.keys(explanations || {});
  keys.sort((a, b) => {
    const ia = FEATURE_ORDER.indexOf(a);
    const ib = FEATURE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return h("table", { class: "explain" },
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Feature"), h("th", { scope: "col" }, "Query"),
      h("th", { scope: "col" }, "List entry"), h("th", { scope: "col", class: "num" }, "Effect"),
      h("th", { scope: "col" }, "Why"))),
    h("tbody", {}, keys.map((k) => {
      // /match results say query/candidate/score; stored alert results query_value/list_value/effect
      const e = explanations[k] || {};
      const isName = k === "name";
      return h("tr", { dataset: { feature: k } },
        h("th", { scope: "row" }, FEATURE_LABEL[k] || human(k)),
        h("td", {}, e.query ?? e.query_value ?? ""),
        h("td", {}, e.candidate ?? e.list_value ?? ""),
        h("td", { class: "num" }, isName ? h("span", { title: "base score from the best name pair" },
          Number(e.score ?? 0).toFixed(2)) : effect(e.effect ?? e.score)),
        h("td", { class: "why" }, e.detail || "", e.method ? ` (${e.method})` : ""));
    })));
}

// -- pages -----------------------------------------------------------------------------

const SCHEMATA = [
  ["", "Any"], ["Person", "Person"], ["Company", "Company"], ["Organization", "Organization"],
  ["LegalEntity", "Legal entity"], ["Vessel", "Vessel"], ["Airplane", "Aircraft"],
];
const ID_KINDS = [
  ["innCode", "Tax number (INN)"], ["ogrnCode", "OGRN"], ["uscCode", "USCC"],
  ["registrationNumber", "Registration number"], ["leiCode", "LEI"], ["swiftBic", "SWIFT/BIC"],
  ["idNumber", "National ID"], ["passportNumber", "Passport"], ["imoNumber", "IMO"],
];

function select(name, options, current, label) {
  return h("div", { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("select", { id: `f-${name}`, name },
      options.map(([value, text]) => h("option", { value, selected: value === (current || "") }, text))));
}

function input(name, label, current, attrs = {}) {
  return h("div", { class: "field" },
    h("label", { for: `f-${name}` }, label),
    h("input", { id: `f-${name}`, name, value: current || "", ...attrs }));
}

function formToHash(form, base) {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    if (String(v).trim()) params.set(k, String(v).trim());
  }
  const query = params.toString();
  const target = `${base}${query ? "?" + query : ""}`;
  if (window.location.hash === target) route();
  else window.location.hash = target;
}

function datasetOptions(cat) {
  return [["", "All lists"], ...cat.datasets.filter((d) => d.name !== "default")
    .map((d) => [d.name, d.title && d.title !== d.name ? `${d.title} (${d.name})` : d.name])];
}

async function pageSearch(params) {
  document.title = "Search · tracewire";
  let cat = { datasets: [] };
  try {
    cat = await catalog();
  } catch (err) {
    if (err.status === 401) throw err;
  }
  const form = h("form", { class: "query", role: "search", "aria-label": "Screen a name",
    onsubmit: (ev) => { ev.preventDefault(); formToHash(ev.target, "#/search"); } },
    input("name", "Name", params.get("name"), { type: "search", class: "wide", required: true,
      autocomplete: "off", "data-testid": "search-name" }),
    select("schema", SCHEMATA, params.get("schema"), "Type"),
    input("birth_date", "Birth date", params.get("birth_date"), { placeholder: "YYYY or YYYY-MM-DD", size: 12 }),
    input("country", "Country", params.get("country"), { placeholder: "ru or Russia", size: 10 }),
    select("id_kind", ID_KINDS, params.get("id_kind") || "innCode", "Identifier kind"),
    input("identifier", "Identifier", params.get("identifier"), { size: 16 }),
    select("dataset", datasetOptions(cat), params.get("dataset"), "List"),
    h("button", { type: "submit", class: "primary" }, "Screen"));
  const out = [h("h1", { tabindex: "-1" }, "Search"),
    h("p", { class: "sub" }, "Screen a name against the loaded lists: every result with its score and why."),
    form];
  const name = params.get("name");
  if (!name) {
    if (cat.datasets.length <= 1) {
      out.push(h("p", { class: "notice" }, "No list is loaded yet: load one with ",
        h("code", {}, "tracewire lists load PATH"), " or ", h("code", {}, "tracewire lists update"), "."));
    }
    return out;
  }
  out.push(await searchResults(params));
  return out;
}

function buildQuery(params) {
  let schema = params.get("schema") || "";
  const properties = { name: [params.get("name")] };
  const kind = params.get("id_kind") || "innCode";
  if (params.get("birth_date")) {
    properties.birthDate = [params.get("birth_date")];
    schema = schema || "Person";
  }
  if (params.get("identifier")) {
    properties[kind] = [params.get("identifier")];
    schema = schema || (kind === "passportNumber" ? "Person" : kind === "imoNumber" ? "Vessel" : "LegalEntity");
  }
  if (params.get("country")) properties.country = [params.get("country")];
  return { schema: schema || "Thing", properties };
}

async function searchResults(params) {
  const dataset = params.get("dataset") || "default";
  const query = buildQuery(params);
  let data;
  try {
    data = await api(`/match/${enc(dataset)}?limit=10&cutoff=0.3`, {
      method: "POST", body: { queries: { q: query } } });
  } catch (err) {
    if (err.status !== 403) throw err;
    return nameOnlyResults(params, dataset, err.message);
  }
  const resp = data.responses.q;
  const aside = h("aside", { "aria-labelledby": "query-title", "data-testid": "query" },
    h("h2", { id: "query-title" }, "Your query"),
    h("dl", { class: "facts" },
      h("dt", {}, "Type"), h("dd", {}, resp.query.schema),
      Object.entries(resp.query.properties).map(([k, v]) => [h("dt", {}, human(k)), h("dd", {}, valuesList(v))])),
    resp.warnings.length ? h("div", { class: "notice bad" }, h("strong", {}, "Ignored: "),
      h("ul", { class: "values" }, resp.warnings.map((w) => h("li", {}, w)))) : null,
    h("h3", {}, "Screened against"),
    h("ul", { class: "values" }, data.lists.map((l) => h("li", {},
      `${l.dataset} v${l.version}`, l.publisher_date ? ` (list of ${l.publisher_date})` : ""))),
    h("p", { class: "muted" }, `Match at score ≥ ${resp.options.threshold}; shown above ${resp.options.cutoff}.`));
  const results = resp.results.map((r) => resultCard(r));
  const summary = h("p", { "data-testid": "result-count" },
    resp.results.length ? `${resp.results.length} result${resp.results.length > 1 ? "s" : ""}, ` +
      `${resp.total.value} match${resp.total.value === 1 ? "" : "es"}` : "No result above the cut-off.");
  return h("div", { class: "split" }, aside, h("section", { "aria-label": "Results" }, summary, results));
}

function resultCard(r) {
  return h("article", { class: "card", "data-testid": "result" },
    h("div", { class: "head" },
      h("h3", {}, h("a", { href: entityHref(r.id) }, r.caption)),
      badge(r.schema), (r.datasets || [r.dataset]).map((d) => badge(d)),
      r.match ? badge("match", "match") : null,
      score(r.score, r.match)),
    (r.sanctions || []).length ? h("p", { class: "muted" }, "Listed by: ", r.sanctions.join("; ")) : null,
    (r.effects || []).length ? h("p", { "data-testid": "effects" }, "Legal effect: ",
      r.effects.map((e) => badge(EFFECT_WORDS[e] || e, e === "asset_freeze" ? "match" : ""))) : null,
    explanationTable(r.explanations));
}

// what each listing prohibits (src/tracewire/data/effects.yml)
const EFFECT_WORDS = {
  asset_freeze: "asset freeze: blocked",
  export_restriction: "export restriction: licence required / export prohibited",
  sectoral: "sectoral: restricted dealings",
  listing_only: "listing only: procurement / reputational",
};

async function nameOnlyResults(params, dataset, why) {
  const data = await api(`/search/${enc(dataset)}?q=${enc(params.get("name"))}&limit=20`);
  return h("section", {},
    h("p", { class: "notice" }, `Scored screening is not allowed with this key (${why}); `,
      "these are name matches only."),
    data.results.length === 0 ? h("p", { "data-testid": "result-count" }, "No name matches.") : h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Type"),
      h("th", {}, "Lists"), h("th", { class: "num" }, "Name score"))),
    h("tbody", {}, data.results.map((r) => h("tr", {},
      h("td", {}, h("a", { href: entityHref(r.id) }, r.caption)), h("td", {}, r.schema),
      h("td", {}, r.datasets.join(", ")), h("td", { class: "num" }, score(r.score)))))));
}

// entity page --------------------------------------------------------------------------

const NAME_PROPS = ["name", "alias", "weakAlias", "previousName", "firstName", "secondName",
  "middleName", "fatherName", "motherName", "lastName", "title"];
const NAME_LABEL = { name: "Name", alias: "Alias", weakAlias: "Weak alias", previousName: "Former name" };
const ID_PROPS = new Set(["innCode", "ogrnCode", "okpoCode", "uscCode", "leiCode", "imoNumber", "mmsi",
  "passportNumber", "idNumber", "taxNumber", "vatCode", "registrationNumber", "swiftBic", "dunsCode",
  "callSign", "serialNumber", "kppCode", "bikCode", "icaoCode", "cageCode", "permId", "isinCode",
  "wikidataId", "socialSecurityNumber", "npiCode", "okvedCode", "licenseNumber", "uniqueEntityId",
  "crsNumber", "ticker"]);
const DOC_SCHEMATA = new Set(["Identification", "Passport"]);
const SKIP_PROPS = new Set(["sanctions"]);

function nested(props) {
  const out = [];
  for (const [prop, values] of Object.entries(props)) {
    for (const v of values) if (v && typeof v === "object") out.push([prop, v]);
  }
  return out;
}

function scalars(values) {
  return values.filter((v) => typeof v !== "object");
}

// reverse properties under which /entities nests the relationships pointing at an entity
const RELATION_LABEL = {
  ownershipAsset: "Owned by", ownershipOwner: "Owns", directorshipOrganization: "Directed by",
  directorshipDirector: "Director of", unknownLinkTo: "Linked to", unknownLinkFrom: "Linked from",
  familyPerson: "Family", familyRelative: "Family", associates: "Associate", associations: "Associate",
  membershipMember: "Member of", membershipOrganization: "Members", employers: "Works for",
  employees: "Employs", agencyClient: "Represents", agentRepresentation: "Represented by",
  successors: "Succeeded by", predecessors: "Succeeded",
};

function relationRows(entity) {
  const rows = [];
  for (const [prop, rel] of nested(entity.properties)) {
    if (prop === "sanctions" || rel.schema === "Sanction" || DOC_SCHEMATA.has(rel.schema)) continue;
    if (rel.schema === "Address") continue;
    const others = nested(rel.properties).map(([, o]) => o).filter((o) => o.id !== entity.id);
    const role = (rel.properties.role || rel.properties.relationship || [])[0];
    const details = [];
    for (const key of ["percentage", "startDate", "endDate", "summary"]) {
      const vals = scalars(rel.properties[key] || []);
      if (vals.length) details.push(`${human(key)}: ${vals.join("; ")}`);
    }
    rows.push(h("tr", {},
      h("td", {}, RELATION_LABEL[prop] || human(prop), role ? h("div", { class: "muted" }, role) : null),
      h("td", {}, others.length ? valuesList(others) : (rel.caption && rel.schema !== "Thing" ?
        h("a", { href: entityHref(rel.id) }, rel.caption) : "")),
      h("td", { class: "why" }, details.join(" · "))));
  }
  return rows;
}

async function pageEntity(id) {
  const [entity, network] = await Promise.all([
    api(`/entities/${enc(id)}`),
    api(`/entities/${enc(id)}/network?hops=1`).catch((err) => err),
  ]);
  document.title = `${entity.caption} · tracewire`;
  const props = entity.properties;
  const sanctions = (props.sanctions || []).filter((s) => s && typeof s === "object");
  const sanctioned = sanctions.length > 0 || entity.target;
  const names = [];
  for (const p of NAME_PROPS) {
    for (const v of scalars(props[p] || [])) names.push(h("tr", {}, h("td", {}, NAME_LABEL[p] || human(p)), h("td", { lang: "" }, v)));
  }
  const ids = [];
  for (const [p, values] of Object.entries(props)) {
    if (ID_PROPS.has(p)) for (const v of scalars(values)) ids.push(h("tr", {}, h("td", {}, human(p)), h("td", { class: "mono" }, v), h("td", {}, "")));
  }
  for (const [, doc] of nested(props)) {
    if (!DOC_SCHEMATA.has(doc.schema)) continue;
    const dp = doc.properties;
    ids.push(h("tr", {}, h("td", {}, (dp.type || [doc.schema])[0]),
      h("td", { class: "mono" }, scalars(dp.number || []).join(", ")),
      h("td", {}, scalars([...(dp.country || []), ...(dp.authority || [])]).join(", "))));
  }
  const facts = [];
  for (const [p, values] of Object.entries(props)) {
    if (NAME_PROPS.includes(p) || ID_PROPS.has(p) || SKIP_PROPS.has(p)) continue;
    const plain = scalars(values);
    const addresses = values.filter((v) => v && typeof v === "object" && v.schema === "Address")
      .map((a) => (a.properties.full || [a.caption])[0]);
    const shown = [...plain, ...addresses];
    if (shown.length) facts.push(h("dt", {}, human(p)), h("dd", {}, valuesList(shown)));
  }
  const relations = relationRows(entity);
  const graphBox = h("div", { class: "graph-wrap", "data-testid": "network" });
  const page = [
    h("h1", { tabindex: "-1" }, entity.caption),
    h("p", { class: "sub" }, badge(entity.schema), " ", sanctioned ? badge("sanctioned", "sanctioned") : null,
      " ", entity.datasets.map((d) => badge(d)), " ", h("span", { class: "mono muted" }, entity.id)),
    h("div", { class: "side" },
      h("section", { "aria-labelledby": "names-title" },
        h("h2", { id: "names-title" }, `Names (${names.length})`),
        names.length ? h("table", { "data-testid": "names" }, h("tbody", {}, names)) : h("p", { class: "muted" }, "None.")),
      h("section", { "aria-labelledby": "ids-title" },
        h("h2", { id: "ids-title" }, `Identifiers (${ids.length})`),
        ids.length ? h("table", { "data-testid": "identifiers" }, h("tbody", {}, ids)) : h("p", { class: "muted" }, "None published."),
        facts.length ? [h("h2", {}, "Details"), h("dl", { class: "facts" }, facts)] : null)),
    h("section", { "aria-labelledby": "sanctions-title" },
      h("h2", { id: "sanctions-title" }, `Sanctions (${sanctions.length})`),
      sanctions.length ? h("table", { "data-testid": "sanctions" },
        h("thead", {}, h("tr", {}, h("th", {}, "Authority"), h("th", {}, "Program"), h("th", {}, "Listed"),
          h("th", {}, "Measures and reason"), h("th", {}, "List"))),
        h("tbody", {}, sanctions.map((s) => {
          const sp = s.properties;
          const src = webUrl(scalars(sp.sourceUrl || [])[0]);
          return h("tr", {},
            h("td", {}, scalars(sp.authority || []).join("; ")),
            h("td", {}, scalars(sp.program || []).join("; "),
              (sp.programId || []).length ? h("div", { class: "mono muted" }, scalars(sp.programId).join(", ")) : null),
            h("td", {}, scalars([...(sp.listingDate || []), ...(sp.startDate || [])]).join(", "),
              (sp.endDate || []).length ? h("div", {}, `ended ${scalars(sp.endDate).join(", ")}`) : null),
            h("td", { class: "why" }, scalars(sp.provisions || []).join("; "),
              (sp.reason || []).length ? h("div", {}, scalars(sp.reason).join(" ")) : null),
            h("td", {}, s.datasets.join(", "), src ? h("div", {}, h("a", { href: src, rel: "noreferrer noopener", target: "_blank" }, "publisher")) : null));
        }))) : h("p", { class: "muted" }, "No sanction is recorded for this entity in the loaded lists.")),
    h("section", { "aria-labelledby": "network-title" },
      h("h2", { id: "network-title" }, "Network"),
      h("p", { class: "muted no-print" }, "Click a party, or Tab to it and press Enter, to add its own links."),
      graphBox,
      relations.length ? [h("h3", {}, "Relationships in the lists"),
        h("table", { "data-testid": "relations" }, h("thead", {}, h("tr", {}, h("th", {}, "Relation"), h("th", {}, "Party"), h("th", {}, "Details"))),
          h("tbody", {}, relations))] : null),
    h("section", { "aria-labelledby": "sources-title" },
      h("h2", { id: "sources-title" }, "Sources"),
      h("table", { "data-testid": "sources" },
        h("thead", {}, h("tr", {}, h("th", {}, "List"), h("th", {}, "Version"), h("th", {}, "Publisher's date"),
          h("th", {}, "Loaded"), h("th", {}, "Publisher's id"), h("th", {}, "File"))),
        h("tbody", {}, (entity.provenance || []).map((p) => h("tr", {},
          h("td", {}, h("a", { href: `#/lists/${enc(p.dataset)}` }, p.dataset)),
          h("td", { class: "num" }, p.version),
          h("td", {}, p.publisher_date || ""),
          h("td", {}, time(p.loaded_at)),
          h("td", { class: "mono" }, (entity.source_ids || {})[p.dataset] || ""),
          h("td", { class: "why" }, p.source, h("div", { class: "mono muted", title: p.sha256 }, `sha256 ${String(p.sha256).slice(0, 16)}…`)))))),
      h("p", { class: "muted" }, "First seen ", time(entity.first_seen) || "—", " · last changed ",
        time(entity.last_change) || "—", " · last seen ", time(entity.last_seen) || "—")),
  ];
  const after = () => {
    if (network instanceof Error) {
      graphBox.replaceChildren(errorBox(network));
      return;
    }
    const graph = new NetworkGraph(graphBox, {
      fetch: (nid) => api(`/entities/${enc(nid)}/network?hops=1`),
      href: entityHref,
    });
    graph.start(id, network);
  };
  return { page, after };
}

// lists ------------------------------------------------------------------------------------

async function pageLists() {
  document.title = "Lists · tracewire";
  catalogCache = null;
  const cat = await catalog();
  const lists = cat.datasets.filter((d) => d.name !== "default");
  const all = cat.datasets.find((d) => d.name === "default");
  return [
    h("h1", { tabindex: "-1" }, "Lists"),
    h("p", { class: "sub" }, "The lists loaded in the store, the version the service screens against, and their history."),
    h("div", { class: "stats" },
      h("div", { class: "stat" }, h("b", {}, lists.length), "lists"),
      h("div", { class: "stat" }, h("b", {}, all ? all.entity_count : 0), "screened parties"),
      h("div", { class: "stat" }, h("b", {}, cat.index_stale ? "reloading" : "current"), "index, built ",
        time(cat.index_built_at))),
    cat.outdated.length ? h("p", { class: "notice bad" }, "Newer versions not yet in the index: ",
      cat.outdated.join(", "), ". The service picks them up at its next reload.") : null,
    lists.length === 0 ? h("p", { class: "notice" }, "No list is loaded.") :
      h("table", { "data-testid": "lists" },
        h("thead", {}, h("tr", {}, h("th", {}, "List"), h("th", { class: "num" }, "Version"),
          h("th", {}, "Publisher's date"), h("th", {}, "Loaded"), h("th", { class: "num" }, "Entities"),
          h("th", {}, "Screened"), h("th", {}, "Source"))),
        h("tbody", {}, lists.map((d) => h("tr", {},
          h("td", {}, h("a", { href: `#/lists/${enc(d.name)}` }, d.title || d.name),
            d.title && d.title !== d.name ? h("div", { class: "mono muted" }, d.name) : null),
          h("td", { class: "num" }, d.version, h("div", { class: "muted" }, `${d.versions} loaded`)),
          h("td", {}, d.publisher_date || "—"),
          h("td", {}, time(d.updated_at)),
          h("td", { class: "num" }, d.entity_count),
          h("td", {}, d.index_current ? "yes" : badge("newer version waiting", "status-open")),
          h("td", { class: "why" }, d.format, h("div", { class: "mono muted", title: d.sha256 }, `sha256 ${String(d.sha256).slice(0, 16)}…`)))))),
  ];
}

function changeFields(fields) {
  return Object.entries(fields || {}).map(([prop, ch]) => h("div", {},
    h("strong", {}, human(prop)), ": ",
    (ch.added || []).map((v) => h("span", { class: "added" }, `+ ${v} `)),
    (ch.removed || []).map((v) => h("span", { class: "removed" }, `− ${v} `))));
}

async function pageList(dataset, params) {
  document.title = `${dataset} · Lists · tracewire`;
  const query = new URLSearchParams({ limit: "25" });
  if (params.get("old")) query.set("old", params.get("old"));
  if (params.get("new")) query.set("new", params.get("new"));
  const [info, diff] = await Promise.all([
    api(`/lists/${enc(dataset)}/versions`),
    api(`/lists/${enc(dataset)}/diff?${query}`),
  ]);
  const options = info.versions.map((v) => [String(v.version), `v${v.version} (${v.publisher_date || v.loaded_at.slice(0, 10)})`]);
  const same = diff.from.version === diff.to.version;
  const table = (title, rows, withFields, linkable) => h("section", {},
    h("h3", {}, `${title} (${diff.summary.entities[title.toLowerCase()]} entries)`),
    rows.length ? h("table", { "data-testid": `diff-${title.toLowerCase()}` },
      h("thead", {}, h("tr", {}, h("th", {}, "Entity"), h("th", {}, "Type"), withFields ? h("th", {}, "What changed") : null)),
      h("tbody", {}, rows.map((c) => h("tr", {},
        h("td", {}, linkable ? h("a", { href: entityHref(c.id) }, c.caption) : c.caption, h("div", { class: "mono muted" }, c.id)),
        h("td", {}, c.schema),
        withFields ? h("td", { class: "why" }, changeFields(c.fields)) : null)))) : h("p", { class: "muted" }, "None."));
  return [
    h("p", {}, h("a", { href: "#/lists" }, "← All lists")),
    h("h1", { tabindex: "-1" }, info.title || dataset),
    h("h2", {}, `Versions (${info.versions.length})`),
    h("table", { "data-testid": "versions" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "Version"), h("th", {}, "Publisher's date"),
        h("th", {}, "Loaded"), h("th", { class: "num" }, "Entities"), h("th", {}, "Types"), h("th", {}, "Source"), h("th", { class: "num" }, "Warnings"))),
      h("tbody", {}, info.versions.map((v) => h("tr", {},
        h("td", { class: "num" }, v.version), h("td", {}, v.publisher_date || "—"), h("td", {}, time(v.loaded_at)),
        h("td", { class: "num" }, v.entity_count),
        h("td", { class: "why" }, Object.entries(v.schema_counts).map(([s, n]) => `${s} ${n}`).join(", ")),
        h("td", { class: "why" }, v.format, " · ", v.source, h("div", { class: "mono muted", title: v.sha256 }, `sha256 ${v.sha256.slice(0, 16)}…`)),
        h("td", { class: "num" }, v.warning_count))))),
    h("h2", { id: "diff-title" }, "What changed"),
    info.versions.length > 1 ? h("form", { class: "filters", "aria-labelledby": "diff-title",
      onsubmit: (ev) => { ev.preventDefault(); formToHash(ev.target, `#/lists/${enc(dataset)}`); } },
      select("old", options, String(diff.from.version), "From"),
      select("new", options, String(diff.to.version), "To"),
      h("button", { type: "submit" }, "Compare")) : null,
    same ? h("p", { class: "muted" }, info.versions.length > 1 ? "The same version on both sides: nothing changed." : "Only one version is loaded: nothing to compare yet.") : [
      h("p", { "data-testid": "diff-summary" }, `From version ${diff.from.version} (${diff.from.publisher_date || "no date"}) to version ${diff.to.version} (${diff.to.publisher_date || "no date"}): `,
        `${diff.summary.added} added, ${diff.summary.removed} removed, ${diff.summary.changed} changed (parties). `,
        `By type: ${Object.entries(diff.summary.schemata).map(([s, n]) => `${s} +${n.added} −${n.removed} ~${n.changed}`).join(", ") || "none"}.`,
        diff.truncated ? ` The first ${diff.limit} of each are shown; the CLI's \`tracewire lists diff\` prints them all.` : ""),
      table("Added", diff.added, false, diff.to.version === info.versions[0].version),
      table("Removed", diff.removed, false, false),
      table("Changed", diff.changed, true, diff.to.version === info.versions[0].version),
    ],
  ];
}

// alerts -----------------------------------------------------------------------------------

const PAGE = 50;
let queue = { rows: [], selected: -1 };

function selectRow(index) {
  const rows = queue.rows;
  if (!rows.length) return;
  const i = Math.max(0, Math.min(rows.length - 1, index));
  rows.forEach((r, j) => {
    r.classList.toggle("selected", i === j);
    r.setAttribute("aria-selected", String(i === j));
  });
  queue.selected = i;
  const link = rows[i].querySelector("a");
  if (link) link.focus();
}

function pager(params, total, base) {
  const offset = Number(params.get("offset") || 0);
  const go = (n) => {
    const p = new URLSearchParams(params);
    p.set("offset", String(Math.max(0, n)));
    return `${base}?${p}`;
  };
  return h("div", { class: "pager" },
    offset > 0 ? h("a", { href: go(offset - PAGE) }, "← Previous") : null,
    h("span", { class: "muted" }, total ? `${offset + 1}–${Math.min(total, offset + PAGE)} of ${total}` : ""),
    offset + PAGE < total ? h("a", { href: go(offset + PAGE) }, "Next →") : null);
}

async function pageAlerts(params) {
  document.title = "Alerts · tracewire";
  const q = new URLSearchParams({ limit: String(PAGE), offset: params.get("offset") || "0" });
  const status = params.get("status") || "open";
  if (status !== "all") q.set("status", status);
  if (params.get("dataset")) q.set("dataset", params.get("dataset"));
  if (params.get("q")) q.set("q", params.get("q"));
  const [data, cat] = await Promise.all([api(`/alerts?${q}`), catalog()]);
  const counts = data.counts || {};
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const statuses = [["open", "Open"], ["escalated", "Escalated"], ["true_match", "True match"],
    ["false_positive", "False positive"], ["all", "All"]]
    .map(([v, t]) => [v, `${t} (${v === "all" ? all : counts[v] ?? 0})`]);
  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter alerts",
    onsubmit: (ev) => { ev.preventDefault(); formToHash(ev.target, "#/alerts"); } },
    h("div", { class: "field" }, h("label", { for: "f-status" }, "Status"),
      h("select", { id: "f-status", name: "status" }, statuses.map(([v, t]) =>
        h("option", { value: v, selected: v === status }, t)))),
    select("dataset", datasetOptions(cat), params.get("dataset"), "List"),
    input("q", "Name contains", params.get("q"), { type: "search" }),
    h("button", { type: "submit" }, "Filter"));
  const rows = data.alerts.map((a) => h("tr", { dataset: { id: a.id }, "aria-selected": "false" },
    h("td", { class: "num" }, score(a.score, true)),
    h("td", {}, h("a", { href: alertHref(a.id), "data-testid": "alert-link" }, a.party_name)),
    h("td", {}, a.entity_caption, h("div", { class: "muted" }, a.schema)),
    h("td", {}, a.dataset),
    h("td", {}, statusBadge(a.status), a.reopened ? [" ", badge("reopened")] : null,
      a.designation_removed ? [" ", badge("delisted")] : null),
    h("td", {}, time(a.opened_at)),
    h("td", {}, time(a.updated_at))));
  const page = [
    h("h1", { tabindex: "-1" }, "Alerts"),
    h("p", { class: "sub" }, "Your parties that screening matched to a listed party, waiting for a decision. ",
      h("kbd", {}, "j"), "/", h("kbd", {}, "k"), " move, ", h("kbd", {}, "Enter"), " opens."),
    form,
    h("p", { "data-testid": "alert-total" }, `${data.total} alert${data.total === 1 ? "" : "s"}`),
    rows.length ? h("table", { "data-testid": "alerts", "aria-label": "Alert queue" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "Score"), h("th", {}, "Your party"),
        h("th", {}, "Listed party"), h("th", {}, "List"), h("th", {}, "Status"), h("th", {}, "Opened"), h("th", {}, "Updated"))),
      h("tbody", {}, rows)) : h("p", { class: "notice" }, "No alert matches these filters."),
    pager(params, data.total, "#/alerts"),
  ];
  return { page, after: () => { queue = { rows, selected: -1 }; } };
}

const RANK = { viewer: 0, analyst: 1, reviewer: 2, admin: 3 };

/** May the current user move an alert from ``current`` to ``next``? [yes, why not] */
function mayDecide(current, next) {
  if (!me) return [true, ""];
  const rank = RANK[me.role] ?? 0;
  if (rank < RANK.analyst) return [false, `your role (${me.role}) may not decide alerts`];
  if (next === "true_match" && rank < RANK.reviewer) return [false, "confirming a true match needs the reviewer role"];
  if (current !== "open" && rank < RANK.reviewer) {
    return [false, `changing the decision on a ${STATUS_LABEL[current] || current} alert needs the reviewer role`];
  }
  return [true, ""];
}

const DECISIONS = [
  ["false_positive", "False positive", ""],
  ["true_match", "True match", "danger"],
  ["escalated", "Escalate", ""],
  ["open", "Reopen", ""],
];

function partyFacts(party) {
  const rows = [];
  for (const [k, v] of Object.entries(party || {})) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    if (typeof v === "object" && !Array.isArray(v)) continue;
    rows.push(h("dt", {}, human(k)), h("dd", {}, Array.isArray(v) ? valuesList(v) : String(v)));
  }
  return h("dl", { class: "facts" }, rows);
}

function alertView(alert, notice) {
  const entity = alert.entity || {};
  const ep = entity.properties || {};
  const listRows = [];
  for (const p of ["name", "alias", "birthDate", "country", "nationality", "jurisdiction", "innCode", "ogrnCode", "registrationNumber", "idNumber", "passportNumber", "imoNumber"]) {
    const vals = scalars(ep[p] || []);
    if (vals.length) listRows.push(h("dt", {}, human(p)), h("dd", {}, valuesList(vals)));
  }
  const result = alert.result || {};
  const choices = DECISIONS.filter(([s]) => s !== alert.status)
    .map(([s, label, cls]) => [s, label, cls, ...mayDecide(alert.status, s)]);
  const limits = [...new Set(choices.filter((c) => !c[3]).map((c) => `${c[1]} (${c[4]})`))];
  const form = h("form", { class: "decide no-print", "aria-labelledby": "decide-title",
    onsubmit: (ev) => decide(ev, alert.id) },
    h("h2", { id: "decide-title" }, "Decision"),
    h("label", { for: "f-reason" }, "Reason (required, kept in the audit log)"),
    h("textarea", { id: "f-reason", name: "reason", required: true, "data-testid": "reason" }),
    h("div", { class: "buttons" }, choices.map(([s, label, cls, ok, why]) => h("button", {
      type: "submit", name: "status", value: s, class: cls || null, "data-decision": s,
      disabled: !ok, title: ok ? null : why, "aria-describedby": ok ? null : "decide-limits" }, label))),
    limits.length ? h("p", { id: "decide-limits", class: "muted", "data-testid": "decision-limits" },
      "Not available to you: ", limits.join("; "), ".") : null,
    h("p", { class: "error", role: "alert", hidden: true, "data-testid": "decision-error" }));
  return [
    h("p", { class: "no-print" }, h("a", { href: "#/alerts" }, "← Alert queue")),
    notice ? h("p", { class: "notice good", role: "status", "data-testid": "decision-notice" }, notice) : null,
    h("h1", { tabindex: "-1" }, alert.party_name, " ↔ ", alert.entity_caption),
    h("p", { class: "sub" }, statusBadge(alert.status), " score ", score(alert.score, true), " · ",
      alert.dataset, " · opened ", time(alert.opened_at), " · updated ", time(alert.updated_at),
      alert.reopened ? [" ", badge("reopened: something changed since the last decision", "status-open")] : null,
      alert.designation_removed ? [" ", badge("no longer listed", "status-false_positive")] : null),
    h("div", { class: "side" },
      h("section", { "aria-labelledby": "party-title" }, h("h2", { id: "party-title" }, "Your party"), partyFacts(alert.party)),
      h("section", { "aria-labelledby": "entry-title" }, h("h2", { id: "entry-title" }, "List entry: ",
        h("a", { href: entityHref(alert.entity_id) }, alert.entity_caption)),
        h("dl", { class: "facts" }, h("dt", {}, "Type"), h("dd", {}, entity.schema || alert.schema),
          h("dt", {}, "Lists"), h("dd", {}, (entity.datasets || [alert.dataset]).join(", ")),
          (result.effects || []).length ? [h("dt", {}, "Legal effect"), h("dd", { "data-testid": "effects" },
            result.effects.map((e) => EFFECT_WORDS[e] || e).join("; "))] : null, listRows))),
    h("h2", {}, "Field by field"),
    h("table", { "data-testid": "comparison" },
      h("thead", {}, h("tr", {}, h("th", {}, "Field"), h("th", {}, "Your party"), h("th", {}, "List entry"),
        h("th", { class: "num" }, "Effect"), h("th", {}, "Why"))),
      h("tbody", {}, (alert.comparison || []).map((c) => h("tr", { dataset: { field: c.field } },
        h("th", { scope: "row" }, FEATURE_LABEL[c.field] || human(c.field)),
        h("td", {}, valuesList(c.query)), h("td", {}, valuesList(c.list)),
        h("td", { class: "num" }, typeof c.effect === "number" ? effect(c.effect) : (c.effect ?? "")),
        h("td", { class: "why" }, c.detail || ""))))),
    h("h2", {}, "Why it scored ", result.score !== undefined ? Number(result.score).toFixed(2) : ""),
    explanationTable(result.explanations || {}),
    (alert.changes || []).length ? [h("h2", {}, "Changed since the last decision"),
      h("ul", { "data-testid": "changes" }, alert.changes.map((c) => h("li", {},
        h("strong", {}, c.side === "party" ? "Your party" : "List entry"), ` · ${human(c.field)}: `,
        (c.added || []).map((v) => h("span", { class: "added" }, `+ ${v} `)),
        (c.removed || []).map((v) => h("span", { class: "removed" }, `− ${v} `)))))] : null,
    form,
    h("h2", {}, "History"),
    h("ol", { class: "history", "data-testid": "history" }, (alert.history || []).map((e) => h("li", {},
      time(e.at), " · ", h("strong", {}, e.actor || "system"), " · ", e.action,
      e.from || e.to ? [" (", e.from ? STATUS_LABEL[e.from] || e.from : "—", " → ", e.to ? STATUS_LABEL[e.to] || e.to : "—", ")"] : null,
      e.reason ? h("div", { class: "why" }, "“", e.reason, "”") : null,
      (e.lists || []).length ? h("div", { class: "muted" }, "Lists: ", e.lists.map((l) => typeof l === "object" ? `${l.dataset} v${l.version}` : l).join(", ")) : null))),
  ];
}

async function decide(ev, id) {
  ev.preventDefault();
  const form = ev.target;
  const status = ev.submitter ? ev.submitter.value : "";
  const reason = form.elements.reason.value.trim();
  const error = form.querySelector("[data-testid=decision-error]");
  if (!reason) {
    error.hidden = false;
    error.textContent = "Give the reason for the decision.";
    form.elements.reason.focus();
    return;
  }
  for (const b of form.querySelectorAll("button")) b.disabled = true;
  const mine = token;
  try {
    const alert = await api(`/alerts/${enc(id)}/decision`, { method: "POST", body: { status, reason } });
    if (mine !== token) return;
    show(alertView(alert, `Decision recorded: ${STATUS_LABEL[alert.status] || alert.status}.`));
  } catch (err) {
    error.hidden = false;
    error.textContent = err.message;
    for (const b of form.querySelectorAll("button")) b.disabled = false;
  }
}

async function pageAlert(id) {
  const alert = await api(`/alerts/${enc(id)}`);
  document.title = `${alert.party_name} · Alert · tracewire`;
  return alertView(alert);
}

// portfolio --------------------------------------------------------------------------------

async function pagePortfolio(params) {
  document.title = "Portfolio · tracewire";
  const q = new URLSearchParams({ limit: String(PAGE), offset: params.get("offset") || "0" });
  if (params.get("q")) q.set("q", params.get("q"));
  const data = await api(`/portfolio?${q}`);
  const result = h("div", { role: "status", "data-testid": "screen-result" });
  const run = async (ev) => {
    const button = ev.target;
    button.disabled = true;
    result.replaceChildren(h("p", { class: "muted" }, "Screening…"));
    try {
      const r = await api("/portfolio/screen", { method: "POST" });
      result.replaceChildren(h("p", { class: "notice good" },
        `Screened ${r.screened} parties in ${Number(r.seconds).toFixed(r.seconds < 1 ? 2 : 1)} s: ${r.opened} alerts opened, ` +
        `${r.reopened} reopened, ${r.suppressed} kept closed by an earlier decision. `,
        h("a", { href: "#/alerts" }, "Open the alert queue")));
    } catch (err) {
      result.replaceChildren(errorBox(err));
    } finally {
      button.disabled = false;
    }
  };
  const columns = ["name", "schema", "birth_date", "country", "identifiers"];
  return [
    h("h1", { tabindex: "-1" }, "Portfolio"),
    h("p", { class: "sub" }, "Your own parties, screened against every loaded list."),
    h("form", { class: "filters", role: "search", "aria-label": "Filter parties",
      onsubmit: (ev) => { ev.preventDefault(); formToHash(ev.target, "#/portfolio"); } },
      input("q", "Name contains", params.get("q"), { type: "search" }),
      h("button", { type: "submit" }, "Filter"),
      h("button", { type: "button", class: "primary", onclick: run, "data-testid": "screen-now" }, "Screen the portfolio now")),
    result,
    h("p", {}, `${data.total} part${data.total === 1 ? "y" : "ies"}`),
    data.parties.length === 0 ? h("p", { class: "notice", "data-testid": "portfolio-empty" },
      params.get("q") ? "No party matches this filter." : "No party is monitored yet: import them with POST /portfolio.") :
    h("table", { "data-testid": "portfolio" },
      h("thead", {}, h("tr", {}, h("th", {}, "Id"), columns.map((c) => h("th", {}, human(c))))),
      h("tbody", {}, data.parties.map((p) => h("tr", {}, h("td", { class: "mono" }, p.id),
        columns.map((c) => h("td", {}, Array.isArray(p[c]) ? valuesList(p[c]) : p[c] ?? "")))))),
    pager(params, data.total, "#/portfolio"),
  ];
}

// audit ------------------------------------------------------------------------------------

async function pageAudit(params) {
  document.title = "Audit · tracewire";
  const size = 100;
  const q = new URLSearchParams({ limit: String(size) });
  if (params.get("before_id")) q.set("before_id", params.get("before_id"));
  if (params.get("kind")) q.set("kind", params.get("kind"));
  const [data, verify] = await Promise.all([api(`/audit?${q}`), api("/audit/verify").catch((err) => err)]);
  const records = data.records;
  const oldest = records.length ? records[records.length - 1].id : null;
  const kindParam = params.get("kind") ? `kind=${enc(params.get("kind"))}` : "";
  const status = verify instanceof Error ? errorBox(verify) : verify.ok
    ? h("p", { class: "notice good", "data-testid": "verify" }, `Hash chain verified: ${verify.records} records, none altered or removed`
      + (verify.head ? `; head: record ${verify.head.id}, sha256 ${verify.head.hash}.` : "."))
    : h("p", { class: "notice bad", "data-testid": "verify" },
      verify.first_bad_id != null ? `Hash chain broken at record ${verify.first_bad_id} (of ${verify.records}): ` : `Hash chain broken (${verify.records} records): `,
      verify.problem || "a record was altered or removed after it was written.");
  const kinds = [["", "All"], ["decision", "Decisions"], ["screening", "Screenings"], ["portfolio", "Portfolio"],
    ["alert", "Alerts"], ["request", "API requests"], ["user", "Users"], ["lists", "List versions"]];
  return [
    h("h1", { tabindex: "-1" }, "Audit trail"),
    h("p", { class: "sub" }, "Every screening, decision and change, newest first; each record is chained to the one before by its hash."),
    status,
    h("form", { class: "filters", "aria-label": "Filter audit records",
      onsubmit: (ev) => { ev.preventDefault(); formToHash(ev.target, "#/audit"); } },
      select("kind", kinds, params.get("kind"), "Kind"), h("button", { type: "submit" }, "Filter")),
    h("p", {}, `${data.total ?? records.length} records in all`),
    records.length ? h("table", { "data-testid": "audit" },
      h("thead", {}, h("tr", {}, h("th", { class: "num" }, "#"), h("th", {}, "When"), h("th", {}, "Who"),
        h("th", {}, "Kind"), h("th", {}, "Action"), h("th", {}, "Summary"), h("th", {}, "Hash"))),
      h("tbody", {}, records.map((r) => h("tr", {},
        h("td", { class: "num" }, r.id), h("td", {}, time(r.at)), h("td", {}, r.actor), h("td", {}, r.kind),
        h("td", {}, r.action, r.subject ? h("div", { class: "mono muted" }, r.subject) : null),
        h("td", { class: "why" }, r.summary),
        h("td", { class: "mono muted", title: r.hash }, String(r.hash || "").slice(0, 12)))))) :
      h("p", { class: "muted" }, "No records."),
    h("div", { class: "pager" },
      params.get("before_id") ? h("a", { href: `#/audit${kindParam ? "?" + kindParam : ""}` }, "← Newest") : null,
      records.length >= size && oldest !== null ?
        h("a", { href: `#/audit?before_id=${enc(oldest)}${kindParam ? "&" + kindParam : ""}` }, "Older records →") : null),
  ];
}

// payments and documents -----------------------------------------------------------------
// A payment message (POST /screen/message) or a document (POST /scan), pasted or uploaded;
// the answer is drawn below the form. Everything from the message or the document is
// written as text nodes (a name may hold markup), never as HTML.

const VERDICT_WORDS = {
  pass: "release: no hit",
  hold: "hold for review before release",
  block: "block: do not release",
};
const ACTION_ORDER = { block: 0, hold: 1, note: 2 };
const DOC_TYPES = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html", htm: "text/html", xhtml: "application/xhtml+xml",
};

function partyLink(p) {
  if (!p || !p.id) return h("span", { class: "muted" }, "—");
  return [h("a", { href: entityHref(p.id), "data-testid": "party" }, p.caption || p.id), " ",
    p.dataset ? badge(p.dataset) : null];
}

function hitEffects(hit) {
  const found = [hit.effects, hit.legal_effects, hit.legal_effect, (hit.listed_party || {}).effects]
    .flatMap((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]));
  if (!found.length) return h("span", { class: "muted" }, "—");
  return found.map((e) => badge(EFFECT_WORDS[e] || e, e === "asset_freeze" ? "match" : ""));
}

/** The form both pages share: a text box, a file input and a button. */
function pasteOrUpload({ id, label, accept, hint, button, readFile, submit }) {
  const area = h("textarea", { id: `f-${id}`, name: id, rows: 12, class: "mono", spellcheck: "false",
    autocomplete: "off", "data-testid": `${id}-input` });
  const file = h("input", { id: `f-${id}-file`, type: "file", accept, "data-testid": `${id}-file` });
  const result = h("div", { role: "status", "data-testid": `${id}-result` });
  const state = { file: null };
  area.addEventListener("input", () => {
    state.file = null;
    file.value = "";
  });
  file.addEventListener("change", async () => {
    state.file = file.files && file.files[0] ? file.files[0] : null;
    area.value = state.file && readFile(state.file) ? await state.file.text() : "";
    if (state.file && !area.value) area.placeholder = `${state.file.name} will be sent as it is.`;
  });
  const form = h("form", { class: "paste", "aria-label": label,
    onsubmit: async (ev) => {
      ev.preventDefault();
      if (!state.file && !area.value.trim()) {
        result.replaceChildren(h("p", { class: "error", role: "alert" }, "Paste the text or choose a file first."));
        area.focus();
        return;
      }
      const go = form.querySelector("button[type=submit]");
      go.disabled = true;
      result.replaceChildren(h("p", { class: "muted", "data-testid": "loading" }, "Screening…"));
      try {
        const drawn = await submit(state.file, area.value);
        result.replaceChildren(drawn);
        sizeBars(result);
      } catch (err) {
        result.replaceChildren(errorBox(err));
      } finally {
        go.disabled = false;
      }
    } },
    h("div", { class: "field wide" }, h("label", { for: `f-${id}` }, label), area),
    h("div", { class: "field" }, h("label", { for: `f-${id}-file` }, "or upload a file"), file),
    h("p", { class: "muted" }, hint),
    h("button", { type: "submit", class: "primary", "data-testid": `${id}-submit` }, button));
  return [form, result];
}

async function pagePayments() {
  document.title = "Payments · tracewire";
  return [
    h("h1", { tabindex: "-1" }, "Payments"),
    h("p", { class: "sub" }, "Screen a payment message before release: every party with its role, each BIC, ",
      "country and free text. A message that cannot be read is held, never passed."),
    pasteOrUpload({
      id: "message", label: "Payment message (ISO 20022 XML or SWIFT MT)", accept: ".xml,.txt,.fin,.mt,text/*",
      hint: "pacs.008, pacs.009, pain.001, camt.053, MT103, MT202, MT202COV; 1 MiB at most.",
      button: "Screen the message", readFile: () => true,
      submit: async (file, text) => verdictView(await api("/screen/message", {
        method: "POST", raw: file || text, type: file ? file.type || "text/plain" : "text/plain; charset=utf-8" })),
    }),
  ];
}

function verdictView(v) {
  const hits = [...(v.hits || [])].sort((a, b) => (ACTION_ORDER[a.action] ?? 3) - (ACTION_ORDER[b.action] ?? 3));
  const kindLine = [v.kind, v.reference ? `reference ${v.reference}` : null,
    v.milliseconds !== undefined ? `screened in ${Number(v.milliseconds).toFixed(1)} ms` : null].filter(Boolean);
  return h("section", { "aria-label": "Verdict", "data-testid": "payment-verdict" },
    h("p", { class: `verdict verdict-${v.verdict}` },
      h("strong", { "data-testid": "verdict", dataset: { verdict: v.verdict } }, String(v.verdict).toUpperCase()),
      " ", VERDICT_WORDS[v.verdict] || "", kindLine.length ? h("span", { class: "muted" }, ` · ${kindLine.join(" · ")}`) : null),
    v.error ? h("p", { class: "notice bad", "data-testid": "parse-error" },
      h("strong", {}, "The message could not be read, so it is held: "), v.error) : null,
    hits.length ? hitsTable(hits) : v.error ? null :
      h("p", { class: "notice good", "data-testid": "no-hits" }, "No hit: every party, BIC, country and free text was screened."),
    v.message ? messageTable(v.message) : null,
    (v.lists || []).length ? h("p", { class: "muted" }, "Screened against: ",
      v.lists.map((l) => `${l.dataset} v${l.version}`).join(", ")) : null);
}

function hitsTable(hits) {
  return [h("h2", {}, `${hits.length} hit${hits.length === 1 ? "" : "s"}, field by field`),
    h("table", { "data-testid": "hits" },
      h("thead", {}, h("tr", {}, ["Action", "Role", "Field", "Value", "Listed party", "Score", "Legal effect", "Why"]
        .map((c) => h("th", { scope: "col", class: c === "Score" ? "num" : null }, c)))),
      h("tbody", {}, hits.map((hit) => h("tr", { "data-testid": "hit", dataset: { kind: hit.kind, action: hit.action } },
        h("td", {}, badge(hit.action, hit.action === "block" ? "match" : hit.action === "hold" ? "status-open" : "")),
        h("td", {}, hit.role ? human(hit.role) : "—"),
        h("td", { class: "mono", "data-testid": "hit-path" }, hit.path || ""),
        h("td", {}, hit.value ?? ""),
        h("td", {}, partyLink(hit.listed_party)),
        h("td", { class: "num" }, score(hit.score, hit.action === "block")),
        h("td", { "data-testid": "effects" }, hitEffects(hit)),
        h("td", { class: "why" }, hit.explanation || "",
          hit.kind === "name" && hit.details && Object.keys(hit.details).length ?
            h("details", {}, h("summary", {}, "Feature by feature"), explanationTable(hit.details)) : null)))))];
}

function messageTable(msg) {
  const rows = [];
  const val = (v) => (v ? h("span", { title: v.path }, v.value) : "");
  for (const p of msg.parties || []) {
    rows.push(h("tr", {}, h("th", { scope: "row" }, human(p.role)), h("td", {}, val(p.name),
      (p.other_names || []).length ? h("div", { class: "muted" }, "or ", p.other_names.map((o) => o.value).join(" / ")) : null),
    h("td", { class: "mono" }, val(p.bic)), h("td", { class: "mono" }, val(p.account)),
    h("td", {}, (p.address || []).map((a) => h("div", { title: a.path }, a.value)), val(p.town)),
    h("td", {}, val(p.country))));
  }
  const texts = [...(msg.texts || []).map((t) => [human(t.kind), t]), ...(msg.purposes || []).map((p) => ["Purpose", p])];
  return h("details", { class: "as-read" }, h("summary", {}, `The ${msg.kind} as read`),
    rows.length ? h("table", { "data-testid": "message-parties" },
      h("thead", {}, h("tr", {}, ["Role", "Name", "BIC", "Account", "Address", "Country"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows)) : null,
    texts.length || (msg.amounts || []).length ? h("dl", { class: "facts" },
      (msg.amounts || []).map((a) => [h("dt", {}, "Amount"), h("dd", { title: a.path }, `${a.amount} ${a.currency}`)]),
      texts.map(([k, t]) => [h("dt", {}, k), h("dd", { title: t.path }, t.value)])) : null);
}

async function pageDocuments() {
  document.title = "Documents · tracewire";
  return [
    h("h1", { tabindex: "-1" }, "Documents"),
    h("p", { class: "sub" }, "Find the listed parties a document names: an invoice, a contract, a bill of lading, ",
      "an article. Each mention is highlighted and linked to the party."),
    pasteOrUpload({
      id: "document", label: "Text", accept: ".txt,.text,.html,.htm,.xhtml,.pdf,.docx,text/*",
      hint: "Plain text, HTML, PDF or DOCX; 10 MiB at most.", button: "Scan the document",
      readFile: (f) => !/\.(pdf|docx)$/i.test(f.name),
      submit: async (file, text) => {
        const ext = file ? (file.name.match(/\.([a-z]+)$/i) || ["", ""])[1].toLowerCase() : "";
        const q = new URLSearchParams({ text: "true" });
        if (file) q.set("filename", file.name);
        const data = await api(`/scan?${q}`, { method: "POST", raw: file || text,
          type: file ? DOC_TYPES[ext] || "text/plain" : "text/plain; charset=utf-8" });
        return documentView(data, data.text ?? (file ? null : text));
      },
    }),
  ];
}

/** The text between two code-point offsets (the API counts code points, JavaScript UTF-16 units). */
function codePoints(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return { slice: (a, b) => text.slice(a, b), length: text.length };
  const cps = Array.from(text);
  return { slice: (a, b) => cps.slice(a, b).join(""), length: cps.length };
}

function highlighted(text, mentions) {
  const cp = codePoints(text);
  const out = [];
  let pos = 0;
  for (const m of mentions) {
    if (m.start < pos || m.end > cp.length) continue; // overlapping: listed in the table only
    out.push(cp.slice(pos, m.start));
    const p = m.party || {};
    out.push(h("mark", { class: "mention", "data-testid": "mention", dataset: { party: p.id || "" },
      title: `${p.caption || p.id} (${p.dataset || ""}) score ${Number(m.score).toFixed(2)}` },
    h("a", { href: entityHref(p.id) }, cp.slice(m.start, m.end))));
    pos = m.end;
  }
  out.push(cp.slice(pos, cp.length));
  return h("div", { class: "doc", "data-testid": "document-text" }, out);
}

function mentionEntry(m) {
  return h("div", { class: "entry", "data-testid": "mention-entry" },
    h("div", {}, partyLink(m.party), " ", h("span", { class: "num" }, score(m.score, true))),
    (m.party || {}).sanctions && m.party.sanctions.length ?
      h("div", { class: "muted" }, "Listed by: ", m.party.sanctions.join("; ")) : null,
    (m.party || {}).effects && m.party.effects.length ?
      h("div", { "data-testid": "effects" }, "Legal effect: ", hitEffects({ listed_party: m.party })) : null,
    m.explanation && Object.keys(m.explanation).length ?
      h("details", {}, h("summary", {}, "Feature by feature"), explanationTable(m.explanation)) : null);
}

function documentView(data, text) {
  // the API's spans: one per span of text, with the listed entries it names, best first
  // (one party on several lists); by start, the longer span first, as highlighted reads them
  const spans = [...(data.spans || [])].sort((a, b) => a.start - b.start || b.end - a.end);
  const parties = new Set(spans.flatMap((s) => s.entries.map((e) => (e.party || {}).id)));
  return h("section", { "aria-label": "Mentions", "data-testid": "scan-result" },
    h("p", { class: spans.length ? "notice bad" : "notice good", "data-testid": "mention-count" },
      spans.length ? `${spans.length} mention${spans.length === 1 ? "" : "s"} of ${parties.size} listed ` +
        `entr${parties.size === 1 ? "y" : "ies"}` : "No listed party is named.",
      h("span", { class: "muted" }, ` · ${data.file} (${data.kind}, ${data.characters} characters)`)),
    text !== null && text !== undefined ?
      highlighted(text, spans.map((s) => ({ ...s.entries[0], start: s.start, end: s.end }))) : null,
    spans.length ? h("table", { "data-testid": "mentions" },
      h("thead", {}, h("tr", {}, ["Characters", "Page", "Text", "Listed entries, score and why"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, spans.map((s) => h("tr", { "data-testid": "mention-row" },
        h("td", { class: "num" }, `${s.start}–${s.end}`), h("td", { class: "num" }, s.page ?? ""),
        h("td", {}, s.text), h("td", { class: "why" }, s.entries.map(mentionEntry)))))) : null);
}

// -- routing -------------------------------------------------------------------------------

function parseHash() {
  const raw = window.location.hash.replace(/^#/, "") || "/search";
  const [path, query = ""] = raw.split("?");
  let segments;
  try {
    segments = path.split("/").filter(Boolean).map((s) => decodeURIComponent(s));
  } catch {
    segments = ["\u0000"]; // a malformed %-escape: no such page
  }
  return { segments, params: new URLSearchParams(query), path };
}

function pick(segments, params) {
  const [first, second] = segments;
  switch (first) {
    case "search": return ["search", () => pageSearch(params)];
    case "entities": if (second) return ["search", () => pageEntity(second)]; break;
    case "alerts": return ["alerts", () => (second ? pageAlert(second) : pageAlerts(params))];
    case "lists": return ["lists", () => (second ? pageList(second, params) : pageLists())];
    case "portfolio": return ["portfolio", () => pagePortfolio(params)];
    case "audit": return ["audit", () => pageAudit(params)];
    case "payments": return ["payments", () => pagePayments()];
    case "documents": return ["documents", () => pageDocuments()];
    default: break;
  }
  return ["", async () => {
    document.title = "Not found · tracewire";
    return [h("h1", { tabindex: "-1" }, "Not found"), h("p", {}, "No page at this address. ", h("a", { href: "#/search" }, "Search"))];
  }];
}

function show(content) {
  const page = content && content.page ? content.page : content;
  const frag = document.createDocumentFragment();
  append(frag, [page]);
  main.replaceChildren(frag);
  sizeBars(main);
  if (content && typeof content.after === "function") content.after();
}

let token = 0;
let lastPath = null;
let wantSearchBox = false;

async function route() {
  const mine = ++token;
  const { segments, params, path } = parseHash();
  const [nav, render] = pick(segments, params);
  for (const a of document.querySelectorAll("[data-nav]")) {
    if (a.dataset.nav === nav) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  main.setAttribute("aria-busy", "true");
  delete main.dataset.ready;
  let content;
  try {
    content = await render();
  } catch (err) {
    content = [h("h1", { tabindex: "-1" }, err.status === 404 ? "Not found" : "Something went wrong"), errorBox(err)];
  }
  if (mine !== token) return;
  main.removeAttribute("aria-busy");
  show(content);
  const box = wantSearchBox && segments[0] === "search" ? document.getElementById("f-name") : null;
  wantSearchBox = false;
  if (box) box.focus();
  else if (path !== lastPath) {
    const heading = main.querySelector("h1");
    if (heading) heading.focus({ preventScroll: true });
  }
  lastPath = path;
  main.dataset.ready = path;
}

let me = null;

async function identify() {
  const who = document.getElementById("who");
  me = null;
  try {
    me = await api("/me");
    who.textContent = `${me.name} · ${me.role}`;
    for (const li of document.querySelectorAll("[data-workflow]")) li.hidden = false;
  } catch (err) {
    if (err.status === 404) who.textContent = "";
    else who.textContent = err.status === 401 ? "no key" : "";
  }
}

function keyboard(ev) {
  const target = ev.target;
  const typing = target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
  // nor while the key dialog is open (its buttons are not for the page beneath)
  if (typing || ev.altKey || ev.ctrlKey || ev.metaKey || document.querySelector("dialog[open]")) return;
  if (ev.key === "/") {
    ev.preventDefault();
    const box = document.getElementById("f-name");
    if (box && window.location.hash.startsWith("#/search")) box.focus();
    else {
      // focused by route() once the search page is drawn, however long that takes
      wantSearchBox = true;
      if (window.location.hash.startsWith("#/search")) route();
      else window.location.hash = "#/search";
    }
    return;
  }
  const { segments } = parseHash();
  if (segments[0] === "alerts" && segments.length === 1 && queue.rows.length) {
    if (ev.key === "j" || ev.key === "ArrowDown") {
      ev.preventDefault();
      selectRow(queue.selected + 1);
    } else if (ev.key === "k" || ev.key === "ArrowUp") {
      ev.preventDefault();
      selectRow(queue.selected <= 0 ? 0 : queue.selected - 1);
    } else if (ev.key === "Enter" && queue.selected >= 0 &&
      !(target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement)) {
      ev.preventDefault();
      window.location.hash = alertHref(queue.rows[queue.selected].dataset.id);
    }
  }
}

function setupKeyDialog() {
  const dialog = document.getElementById("key-dialog");
  document.getElementById("key-button").addEventListener("click", async () => {
    if (await askKey()) {
      catalogCache = null;
      await identify();
      route();
    }
  });
  document.getElementById("key-cancel").addEventListener("click", () => dialog.close("cancel"));
  document.getElementById("key-forget").addEventListener("click", () => {
    sessionStorage.removeItem(KEY);
    dialog.close("cancel");
    document.getElementById("who").textContent = "no key";
  });
}

setupKeyDialog();
document.addEventListener("keydown", keyboard);
window.addEventListener("hashchange", route);
if (!window.location.hash) history.replaceState(null, "", "#/search");
identify().then(route);
