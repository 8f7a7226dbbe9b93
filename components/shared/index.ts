export * from "./validation";
export * from "./workloads";
export * from "./contracts";
export * from "./destroyGuard";
export * from "./lookups";
export * from "./platforms";
