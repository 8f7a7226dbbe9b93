/** The code's layout: folders by concern that match the type tokens, imports that go downward, small files. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./program";

const COMPONENTS = path.join(ROOT, "components");
const folders = fs.readdirSync(COMPONENTS).filter((f) => fs.statSync(path.join(COMPONENTS, f)).isDirectory());
const sources = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));
/** The project's own folders each import may reach, by folder. `shared` is the bottom layer. */
const MAY_IMPORT: Record<string, string[]> = {
    shared: [],
    app: ["shared"],
    database: ["shared"],
    network: ["shared"],
    addons: ["shared"],
    backup: ["shared", "addons"],
    image: ["shared"],
    aurora: ["shared", "addons", "database"],
    cluster: ["shared", "network", "addons"],
    dns: ["shared"],
    observability: ["shared", "addons"],
};

describe("layout", () => {
    it("components/ holds folders by concern, each with an index.ts of its public names", () => {
        assert.deepEqual(folders.sort(), Object.keys(MAY_IMPORT).sort());
        assert.deepEqual(sources(COMPONENTS), ["index.ts"]);
        for (const f of folders) assert.ok(fs.existsSync(path.join(COMPONENTS, f, "index.ts")), `${f}/index.ts`);
    });

    it("every component's type token names the folder it lives in (fastapi-eks:<module>:<Name>)", () => {
        let tokens = 0;
        for (const f of folders) {
            for (const file of sources(path.join(COMPONENTS, f))) {
                for (const m of fs
                    .readFileSync(path.join(COMPONENTS, f, file), "utf8")
                    .matchAll(/super\("fastapi-eks:([a-z]+):[A-Za-z]+"/g)) {
                    tokens++;
                    assert.equal(m[1], f, `${f}/${file}: ${m[0]}`);
                }
            }
        }
        assert.ok(tokens >= 9, `found ${tokens} component tokens`);
    });

    it("imports go downward only: the app and the database know nothing of the cluster or the add-ons", () => {
        for (const f of folders) {
            for (const file of sources(path.join(COMPONENTS, f))) {
                for (const m of fs.readFileSync(path.join(COMPONENTS, f, file), "utf8").matchAll(/from "(\.[^"]*)"/g)) {
                    const target = path.relative(COMPONENTS, path.resolve(COMPONENTS, f, m[1])).split(path.sep)[0];
                    assert.ok(target === f || MAY_IMPORT[f].includes(target), `${f}/${file} imports ${m[1]}`);
                }
            }
        }
    });

    it("no source file is over 300 lines", () => {
        const walk = (dir: string): string[] =>
            fs
                .readdirSync(dir, { withFileTypes: true })
                .flatMap((e) =>
                    e.isDirectory()
                        ? ["node_modules", "bin", ".git"].includes(e.name)
                            ? []
                            : walk(path.join(dir, e.name))
                        : /\.(ts|mjs|js)$/.test(e.name)
                          ? [path.join(dir, e.name)]
                          : [],
                );
        const files = walk(ROOT);
        assert.ok(files.length > 40);
        for (const f of files) {
            const lines = fs.readFileSync(f, "utf8").split("\n").length;
            assert.ok(lines <= 300, `${path.relative(ROOT, f)}: ${lines} lines`);
        }
    });

    it("the type checker's view of @pulumi/aws (types/pulumi-aws) has every AWS module the code and @pulumi/eks's declarations use", () => {
        const shim = fs.readFileSync(path.join(ROOT, "types", "pulumi-aws", "index.d.ts"), "utf8");
        const exported = new Set(
            [...shim.matchAll(/^export (?:\* as (\w+)|\{ (\w+)|declare const (\w+))/gm)].map((m) => m[1] ?? m[2] ?? m[3]),
        );
        const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
        assert.deepEqual(tsconfig.compilerOptions.paths["@pulumi/aws"], ["./types/pulumi-aws/index.d.ts"]);
        // `<alias>.<name>` in every file that imports the package as <alias> (not "ebs.csi.aws.com" in a string).
        const tsFiles = (dir: string): string[] =>
            fs
                .readdirSync(dir, { recursive: true, encoding: "utf8" })
                .filter((f) => f.endsWith(".ts"))
                .map((f) => path.join(dir, f));
        const uses = (files: string[]): string[] =>
            files.flatMap((file) => {
                const text = fs.readFileSync(file, "utf8");
                const alias = /import \* as (\w+) from "@pulumi\/aws";/.exec(text)?.[1];
                return alias ? [...text.matchAll(new RegExp(`(?<![\\w./"'-])${alias}\\.(\\w+)`, "g"))].map((m) => m[1]) : [];
            });
        const eksTypes = path.join(ROOT, "node_modules", "@pulumi", "eks");
        const used = new Set(
            uses([
                path.join(ROOT, "index.ts"),
                ...["components", "config", "tools", "tests"].flatMap((d) => tsFiles(path.join(ROOT, d))),
                ...tsFiles(eksTypes).filter((f) => !f.includes("node_modules", eksTypes.length)),
            ]),
        );
        assert.ok(used.has("iam") && used.has("autoscaling"), "found the modules in use");
        for (const m of used) assert.ok(exported.has(m), `aws.${m} is used but types/pulumi-aws/index.d.ts does not export it`);
    });
});
