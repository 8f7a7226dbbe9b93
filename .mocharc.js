// Mocha runs the tests compiled by `tsc -p .` into bin/ (npm test compiles first): plain
// JavaScript loads faster than ts-node. The spec list comes from the sources, so a
// compiled test whose source was deleted never runs.
const fs = require("node:fs");
const path = require("node:path");

// The slowest files first, so that neither worker is left with a long one at the end.
const SLOW_FIRST = [
    "backupRestore.test.ts",
    "auroraBootstrap.test.ts",
    "cost.test.ts",
    "dbBootstrap.test.ts",
    "dbRestart.test.ts",
    "plan.test.ts",
];
const slow = (f) => (SLOW_FIRST.includes(path.basename(f)) ? 1 : 0);
const tests = fs
    .readdirSync(path.join(__dirname, "tests"), { recursive: true })
    .filter((f) => f.endsWith(".test.ts"))
    .sort((a, b) => slow(b) - slow(a) || a.localeCompare(b));

module.exports = {
    require: ["bin/tests/harness.js"],
    spec: tests.map((f) => path.join("bin", "tests", f.replace(/\.ts$/, ".js"))),
    timeout: 20000,
    parallel: true,
    jobs: 2,
};
