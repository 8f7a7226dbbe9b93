/**
 * A local stand-in for CloudWatch's PutMetricData, for the AWS CLI the backup
 * pods run: no CloudWatch API is on npm or in Debian, so this answers the one
 * call the backup makes, in whichever protocol the installed CLI speaks
 * (query, as AWS CLI 2.9 does; JSON 1.0; or Smithy RPC v2 CBOR), and writes
 * each call's parameters, as the API reads them, to a file. It runs in a
 * process of its own: the tests run the pods' commands with spawnSync, which
 * blocks this process's event loop.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "../scratch";

const SERVER = String.raw`
const http = require("node:http");
const fs = require("node:fs");
const [log] = process.argv.slice(1);
// The query protocol's flat keys (MetricData.member.1.Dimensions.member.1.Name) as nested objects and lists.
function fromQuery(text) {
    const out = {};
    for (const [key, value] of new URLSearchParams(text)) {
        const parts = key.split(".").filter((p) => p !== "member");
        let at = out;
        parts.forEach((p, i) => {
            const k = /^\d+$/.test(p) ? Number(p) - 1 : p;
            if (i === parts.length - 1) at[k] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
            else at = at[k] ??= /^\d+$/.test(parts[i + 1]) ? [] : {};
        });
    }
    return out;
}
// RFC 8949 CBOR, as much as a PutMetricData request holds.
function fromCbor(buf) {
    let i = 0;
    const len = (info) => {
        if (info < 24) return info;
        const n = 1 << (info - 24);
        let v = 0;
        for (let k = 0; k < n; k++) v = v * 256 + buf[i++];
        return v;
    };
    const item = () => {
        const b = buf[i++], major = b >> 5, info = b & 31;
        if (major === 7) {
            if (info === 20) return false; if (info === 21) return true; if (info === 22 || info === 23) return null;
            const size = { 25: 2, 26: 4, 27: 8 }[info];
            const v = size === 2 ? buf.readUInt16BE(i) : size === 4 ? buf.readFloatBE(i) : buf.readDoubleBE(i);
            i += size;
            if (size !== 2) return v;
            const e = (v >> 10) & 31, m = v & 1023, s = v >> 15 ? -1 : 1;
            return s * (e === 0 ? m * 2 ** -24 : e === 31 ? (m ? NaN : Infinity) : (m + 1024) * 2 ** (e - 25));
        }
        if (info === 31) {
            const out = major === 5 ? {} : [];
            while (buf[i] !== 0xff) major === 5 ? (out[item()] = item()) : out.push(item());
            i++;
            return major === 2 || major === 3 ? out.join("") : out;
        }
        const n = len(info);
        if (major === 0) return n; if (major === 1) return -1 - n; if (major === 6) return item();
        if (major === 2 || major === 3) { const s = buf.subarray(i, i + n); i += n; return major === 3 ? s.toString("utf8") : s.toString("latin1"); }
        if (major === 4) return Array.from({ length: n }, item);
        const out = {};
        for (let k = 0; k < n; k++) out[item()] = item();
        return out;
    };
    return item();
}
http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
        const body = Buffer.concat(chunks);
        let protocol, operation, params;
        if (req.url.includes("/operation/")) {
            protocol = "cbor"; operation = req.url.split("/").pop(); params = fromCbor(body);
        } else if (req.headers["x-amz-target"]) {
            protocol = "json"; operation = req.headers["x-amz-target"].split(".").pop(); params = JSON.parse(body.toString());
        } else {
            protocol = "query"; params = fromQuery(body.toString()); operation = params.Action; delete params.Action; delete params.Version;
        }
        fs.appendFileSync(log, JSON.stringify({ protocol, operation, params }) + "\n");
        if (protocol === "cbor") {
            res.writeHead(200, { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" });
            res.end(Buffer.from([0xa0]));
        } else if (protocol === "json") {
            res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
            res.end("{}");
        } else {
            res.writeHead(200, { "content-type": "text/xml" });
            res.end('<PutMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/"><ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></PutMetricDataResponse>');
        }
    });
}).listen(0, "127.0.0.1", function () { console.log(this.address().port); });
`;

/** One call the stand-in received: its protocol, operation and parameters. */
export interface CloudWatchCall {
    protocol: "query" | "json" | "cbor";
    operation: string;
    params: {
        Namespace?: string;
        MetricData?: { MetricName: string; Value: number; Unit: string; Dimensions: { Name: string; Value: string }[] }[];
    };
}

/** The stand-in on a free port, for the block: its endpoint, and the calls it has received so far. */
export function localCloudWatch(): () => { endpoint: string; calls: () => CloudWatchCall[] } {
    const dir = tempDir("cloudwatch");
    const log = path.join(dir, "calls.jsonl");
    let server: ChildProcess | undefined;
    let endpoint = "";
    before(async () => {
        server = spawn(process.execPath, ["-e", SERVER, log], { stdio: ["ignore", "pipe", "inherit"] });
        const port = await new Promise<string>((resolve, reject) => {
            server!.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
            server!.once("exit", (code) => reject(new Error(`the CloudWatch stand-in exited (${code})`)));
        });
        endpoint = `http://127.0.0.1:${port}`;
    });
    after(() => {
        server?.kill();
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const calls = () =>
        fs.existsSync(log)
            ? fs
                  .readFileSync(log, "utf8")
                  .split("\n")
                  .filter(Boolean)
                  .map((l) => JSON.parse(l) as CloudWatchCall)
            : [];
    return () => ({ endpoint, calls });
}
