/** EKS access entries for clusterAdmins and clusterPreviewers, built without the engine. */
import * as assert from "node:assert/strict";
import { adminAccessEntries, previewerAccessEntries } from "../../components";

const arn = (account: string, rest: string) => `arn:aws:iam::${account}:${rest}`;

describe("access entries", () => {
    it("give every distinct principal its own entry, however alike their names", () => {
        const longPath = `role/${"team/".repeat(20)}`;
        const principals = [
            arn("111111111111", "role/ops"),
            arn("222222222222", "role/ops"),
            arn("111111111111", "role/ops.admin"),
            arn("111111111111", "role/ops_admin"),
            arn("111111111111", `${longPath}alpha`),
            arn("111111111111", `${longPath}beta`),
            arn("111111111111", "user/ops"),
        ];
        const entries = Object.values(adminAccessEntries(principals)).map((e) => e.principalArn);
        assert.deepEqual(entries.sort(), [...principals].sort());
        const previewers = Object.values(previewerAccessEntries(principals, "g")).map((e) => e.principalArn);
        assert.deepEqual(previewers.sort(), [...principals].sort());
    });

    it("keep the keys a live stack has: a principal alone under its name, and the last of those that collided", () => {
        const keys = Object.keys(
            adminAccessEntries([
                arn("111111111111", "role/ops"),
                arn("222222222222", "role/ops"),
                arn("111111111111", "role/platform-admins"),
            ]),
        );
        // pulumi-eks names each entry's resource after its key: a new key would delete the entry and create it again.
        assert.ok(keys.includes("admin-role-platform-admins"), keys.join());
        assert.ok(keys.includes("admin-role-ops"), keys.join());
        assert.equal(adminAccessEntries([arn("222222222222", "role/ops")])["admin-role-ops"].principalArn, arn("222222222222", "role/ops"));
        assert.equal(
            adminAccessEntries([arn("111111111111", "role/ops"), arn("222222222222", "role/ops")])["admin-role-ops"].principalArn,
            arn("222222222222", "role/ops"),
        );
    });

    it("list a principal given twice once (EKS takes one entry per principal)", () => {
        assert.equal(Object.keys(adminAccessEntries([arn("111111111111", "role/ops"), arn("111111111111", "role/ops")])).length, 1);
    });
});
