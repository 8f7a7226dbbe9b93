/**
 * The components, by concern; each folder matches its type tokens' module
 * (`fastapi-eks:<module>:<Name>`). Imports go downward only: app/ and
 * database/ and image/ use shared/ alone; backup/ uses addons/ and shared/; aurora/
 * uses database/ (its init script), addons/ and shared/; cluster/ uses
 * network/, addons/ and shared/; observability/ uses addons/ and shared/.
 */
export * from "./shared";
export * from "./app";
export * from "./database";
export * from "./network";
export * from "./addons";
export * from "./backup";
export * from "./aurora";
export * from "./image";
export * from "./cluster";
export * from "./dns";
export * from "./observability";
