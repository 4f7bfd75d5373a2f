// Runs the editors' page's YAML format (generator/site_templates/admin/yaml-format.js) in node, as Decap CMS
// would: read each file, hand its data through the form (each map's keys in another order, as Decap's Immutable
// maps may give them), apply the edits, and write it. Prints {file: text written} as JSON.
//
//   node editor_format.mjs YAML_BROWSER_INDEX FORMAT_JS EDITS_JSON FILE...
// EDITS_JSON maps a file to a list of [path, value]: the path is a list of keys and list indexes.
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const [yamlIndex, formatFile, editsJson, ...files] = process.argv.slice(2);
const YAML = (await import(pathToFileURL(yamlIndex).href)).default;
const { yamlFormat } = await import(pathToFileURL(formatFile).href);
const format = yamlFormat(YAML);
const edits = JSON.parse(editsJson);

function throughTheForm(value) {
  if (Array.isArray(value)) return value.map(throughTheForm);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, throughTheForm(value[key])]));
}

const written = {};
for (const file of files) {
  const data = throughTheForm(format.fromFile(fs.readFileSync(file, "utf8")));
  for (const [path, value] of edits[file] || []) {
    let target = data;
    for (const key of path.slice(0, -1)) target = target[key];
    target[path[path.length - 1]] = value;
  }
  written[file] = format.toFile(data);
}
process.stdout.write(JSON.stringify(written));
