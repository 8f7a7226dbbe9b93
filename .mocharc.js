// Mocha runs the tests compiled by `tsc -p .` into bin/ (npm test compiles first): plain
// JavaScript loads faster than ts-node. The spec list comes from the sources, so a
// compiled test whose source was deleted never runs.
const fs = require("node:fs");
const path = require("node:path");

// The slowest files first, so that neither worker is left with a long one at the end.
const SLOW_FIRST = ["dbBootstrap.test.ts", "plan.test.ts"];
const tests = fs
    .readdirSync(path.join(__dirname, "tests"))
    .filter((f) => f.endsWith(".test.ts"))
    .sort((a, b) => (SLOW_FIRST.includes(b) ? 1 : 0) - (SLOW_FIRST.includes(a) ? 1 : 0));

module.exports = {
    require: ["bin/tests/harness.js"],
    spec: tests.map((f) => path.join("bin", "tests", f.replace(/\.ts$/, ".js"))),
    timeout: 20000,
    parallel: true,
    jobs: 2,
};
