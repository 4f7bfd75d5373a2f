// The editors' page's YAML format: a save changes only the lines of what the editor changed.
//
// Decap CMS's own YAML format parses a file into plain data and writes the data anew (yaml 1.10's
// createNode): comments go, `>-` paragraphs become plain lines folded at 80 columns, and 7.50 becomes 7.5,
// which the site would then show as 7.5. This one (yaml 2, served beside it) keeps the document each file
// was read as, and writes the form's data into it: what did not change keeps its bytes, a changed value
// keeps the style of the one it replaces (a `>-` paragraph stays one, a score of 7.50 written as 8 is
// written 8.00), and list items that only moved keep theirs. Saved unchanged, every content file gives
// the same bytes (tests/test_editor_format.py checks them all, with node and this very file).
//
// Decap gives toFile only the data, not the file it came from: fromFile marks the data with the key SOURCE,
// which no form shows and toFile takes out, to find the document again.

export const SOURCE = "__reportsite_source";
// Flow sequences as the content writes them, `[th, en]`; no folding of long lines.
const WRITE = { lineWidth: 0, flowCollectionPadding: false };

export function yamlFormat(YAML) {
  const sources = new Map();
  let counter = 0;

  function fromFile(content) {
    const document = YAML.parseDocument(content);
    if (document.errors.length > 0) {
      throw new Error("YAML parsing error:\n" + document.errors.map((error) => error.message).join("\n"));
    }
    const data = document.toJS();
    if (data === null || typeof data !== "object" || Array.isArray(data)) return data;
    counter += 1;
    const key = String(counter);
    sources.set(key, content);
    return { ...data, [SOURCE]: key };
  }

  function toFile(data, sortedKeys = []) {
    const { [SOURCE]: key, ...values } = data;
    if (!sources.has(key)) {
      const fresh = new YAML.Document(values);
      return fresh.toString(WRITE);
    }
    const document = YAML.parseDocument(sources.get(key));
    document.contents = merge(document, document.contents, values, sortedKeys);
    return document.toString(WRITE);
  }

  // Whether a node holds this value. Key order does not count: Decap keeps the data in Immutable maps, which
  // give a map of more than 8 keys back in an order of their own.
  function same(node, value) {
    return equal(YAML.isNode(node) ? node.toJSON() : node, value);
  }

  function equal(a, b) {
    if (a === b) return true;
    if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal(a[key], b[key]));
  }

  // What a form gives for a field left empty: the key stays out of the file (every optional field may be left out).
  // An object whose fields are all empty (an optional title neither of whose boxes was filled) is empty too,
  // and so is an empty list (every list of the models may be left out, or must hold an item).
  function empty(value) {
    if (value === undefined || value === null || value === "") return true;
    if (Array.isArray(value)) return value.length === 0;
    return typeof value === "object" && Object.values(value).every(empty);
  }

  function merge(document, node, value, sortedKeys = []) {
    if (node && same(node, value)) return node;
    if (YAML.isMap(node) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      node.items = node.items.filter((pair) => {
        const name = keyOf(pair);
        return Object.prototype.hasOwnProperty.call(value, name) && !(empty(value[name]) && !same(pair.value, value[name]));
      });
      for (const pair of node.items) pair.value = merge(document, pair.value, value[keyOf(pair)]);
      const present = new Set(node.items.map(keyOf));
      for (const name of Object.keys(value)) {
        if (present.has(name) || empty(value[name])) continue;
        const pair = document.createPair(name, value[name]);
        // A new key goes where the form's order puts it, before the first key that the form lists after it.
        const later = sortedKeys.slice(sortedKeys.indexOf(name) + 1);
        const at = sortedKeys.includes(name) ? node.items.findIndex((p) => later.includes(keyOf(p))) : -1;
        node.items.splice(at < 0 ? node.items.length : at, 0, pair);
      }
      return node;
    }
    if (YAML.isSeq(node) && Array.isArray(value)) {
      const old = node.items;
      const used = new Set();
      node.items = value.map((item, index) => {
        if (index < old.length && !used.has(index) && same(old[index], item)) {
          used.add(index);
          return old[index];
        }
        const moved = old.findIndex((candidate, at) => !used.has(at) && same(candidate, item));
        if (moved >= 0) {
          used.add(moved);
          return old[moved];
        }
        if (index < old.length && !used.has(index)) {
          used.add(index);
          return merge(document, old[index], item);
        }
        return document.createNode(item);
      });
      return node;
    }
    if (YAML.isScalar(node) && value !== null && typeof value !== "object" && typeof value === typeof node.value) {
      const scalar = new YAML.Scalar(value);
      scalar.type = node.type;
      if (typeof value === "number" && node.minFractionDigits) scalar.minFractionDigits = node.minFractionDigits;
      scalar.comment = node.comment;
      scalar.commentBefore = node.commentBefore;
      return scalar;
    }
    return document.createNode(value);
  }

  function keyOf(pair) {
    return YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
  }

  return { fromFile, toFile };
}
