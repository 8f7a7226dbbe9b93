/** Bad stack config, through the whole program: the exact error, and nothing registered. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../config";
import { BAD_CONFIGS, withProjectKeys } from "./badConfigs";
import { registrations } from "./harness";
import { ROOT, runProgram } from "./program";

async function configError(config: Record<string, string>): Promise<ConfigError> {
    try {
        await runProgram(config);
    } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
    }
    assert.fail("the program ran without a config error");
}

const withKeys = (set: Record<string, string>) => ({ "aws:region": "us-east-1", ...withProjectKeys(set) });

describe("bad config, through the program", () => {
    it(`covers at least 20 cases (${BAD_CONFIGS.length})`, () => {
        assert.ok(BAD_CONFIGS.length >= 20);
    });

    for (const c of BAD_CONFIGS) {
        it(`rejects ${c.what}`, async () => {
            const e = await configError(withKeys(c.set));
            assert.deepEqual(e.problems, [c.message]);
            assert.equal(registrations().length, 0, "nothing is registered");
        });
    }

    it("reports every problem at once, in one error", async () => {
        const e = await configError(withKeys({ appReplicas: "-1", dbStorageSize: "big", albScheme: "public" }));
        assert.equal(e.problems.length, 3);
        assert.match(e.message, /^Invalid stack configuration \(3 problems\):\n {2}- fastapi-eks:appReplicas/);
        assert.ok(e.message.includes("fastapi-eks:dbStorageSize") && e.message.includes("fastapi-eks:albScheme"));
        assert.equal(registrations().length, 0);
    });

    it("the README lists every rejected input with its message", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const c of BAD_CONFIGS) assert.ok(readme.includes(c.message.replace(/\|/g, "\\|")), `README lists: ${c.message}`);
    });
});
