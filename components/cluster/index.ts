export * from "./eksCluster";
export * from "./autoModeClasses";
export * from "./platform";
export * from "./rules";
export * from "./access";
export * from "./autoModeNetworkPolicy";
export * from "./previewAccess";
export * from "./kubeconfig";
