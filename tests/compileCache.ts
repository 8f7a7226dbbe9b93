/** Turns on Node's compile cache (Node 22.1+) before the Pulumi SDKs load; imported first by the harness. */
import * as nodeModule from "node:module";

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
