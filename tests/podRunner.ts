/**
 * Runs a pod's containers on this machine, as the kubelet would run them:
 * each container's command with its env (secretKeyRefs resolved against the
 * Secret's data) and its volume mounts on temporary directories, init
 * containers first, stopping at the first failure. The real-database tests
 * use it to run exactly what the program renders.
 */
import * as assert from "node:assert/strict";
import { SpawnSyncReturns, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface Pod {
    containers: any[];
    initContainers?: any[];
    volumes: any[];
}

/** The pod's volumes as fresh directories under `root`; ConfigMap volumes hold `files`. Returns the directory of each volume. */
export function podVolumes(pod: Pod, files: Record<string, string>, root: string): Record<string, string> {
    const mounts: Record<string, string> = {};
    for (const v of pod.volumes) {
        mounts[v.name] = path.join(root, v.name);
        fs.mkdirSync(mounts[v.name], { recursive: true });
        if (v.configMap)
            for (const [k, text] of Object.entries(files))
                fs.writeFileSync(path.join(mounts[v.name], k), text, { mode: v.configMap.defaultMode });
    }
    return mounts;
}

/** One container: its command and env, paths under its mounts moved to the volumes' directories; `env` overrides what differs here. */
export function runContainer(
    c: any,
    mounts: Record<string, string>,
    secrets: Record<string, string>,
    env: Record<string, string>,
): SpawnSyncReturns<string> {
    const onHost = (p: string) => {
        const m = c.volumeMounts.find((v: any) => p === v.mountPath || p.startsWith(`${v.mountPath}/`));
        return m ? mounts[m.name] + p.slice(m.mountPath.length) : p;
    };
    const podEnv: Record<string, string> = {};
    for (const e of c.env) {
        podEnv[e.name] = e.value ?? secrets[e.valueFrom.secretKeyRef.key];
        assert.ok(podEnv[e.name] !== undefined, `${c.name}: ${e.name} has a value`);
    }
    const [cmd, ...args] = c.command.map(onHost);
    return spawnSync(cmd, args, { encoding: "utf8", env: { ...podEnv, HOME: onHost(podEnv.HOME ?? "/tmp"), ...env } });
}

/** The pod's containers in order, init containers first, up to the first failure. */
export function runPod(pod: Pod, mounts: Record<string, string>, secrets: Record<string, string>, env: Record<string, string>) {
    const all = [...(pod.initContainers ?? []), ...pod.containers];
    const results: SpawnSyncReturns<string>[] = [];
    for (const c of all) {
        const r = runContainer(c, mounts, secrets, env);
        results.push(r);
        if (r.status !== 0) break;
    }
    return {
        results,
        ok: results.length === all.length && results.every((r) => r.status === 0),
        log: results.map((r) => r.stdout + r.stderr).join(""),
    };
}
