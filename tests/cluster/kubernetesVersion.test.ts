/** A created cluster's version on a live stack, against the recorded one and the one EKS reports (config/kubernetesVersion.ts). */
import * as assert from "node:assert/strict";
import { kubernetesVersionCheck } from "../../config";

describe("kubernetesVersion on a live cluster", () => {
    it("one minor version up, or none, applies; EKS's own upgrade wins over the record, a lower answer never does", () => {
        for (const [wanted, recorded, live] of [
            ["1.35", "1.35", undefined],
            ["1.36", "1.35", undefined],
            ["1.36", "1.35", "1.35"],
            ["1.37", "1.35", "1.36"], // EKS moved it to 1.36: 1.37 is one more
            ["1.35", "1.35", "1.34"], // an answer below the record is not a downgrade EKS made
        ] as const)
            assert.deepEqual(kubernetesVersionCheck(wanted, recorded, live), {}, `${wanted} over ${recorded}, EKS ${live}`);
    });

    it("after EKS upgraded the cluster by itself: down is refused with a refresh in the fix; the same version warns to refresh", () => {
        assert.match(
            kubernetesVersionCheck("1.35", "1.35", "1.36").problem ?? "",
            /runs 1\.36 \(EKS upgraded it since the last up, .*never downgrades a cluster\. Fix: pulumi config set kubernetesVersion 1\.36, then pulumi up --refresh/,
        );
        const same = kubernetesVersionCheck("1.36", "1.35", "1.36");
        assert.equal(same.problem, undefined);
        assert.match(same.warning ?? "", /from 1\.35 to 1\.36 since the last up\. Run pulumi up --refresh/);
        // A stack from before the record: EKS's answer is what runs, and its state may be older.
        assert.match(
            kubernetesVersionCheck("1.34", undefined, "1.35").problem ?? "",
            /runs 1\.35, and EKS never downgrades.*pulumi up --refresh/,
        );
    });

    it("a downgrade or a skipped minor version the stack itself made: refused, with the version to set", () => {
        assert.match(
            kubernetesVersionCheck("1.34", "1.35", undefined).problem ?? "",
            /Fix: pulumi config set kubernetesVersion 1\.35 \(an older version needs a new stack: pulumi stack init\)$/,
        );
        assert.match(
            kubernetesVersionCheck("1.36", "1.34", undefined).problem ?? "",
            /one minor version at a time\. Fix: pulumi config set kubernetesVersion 1\.35, pulumi up, and so on to 1\.36$/,
        );
    });
});
