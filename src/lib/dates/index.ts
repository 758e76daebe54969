export * from "./calendar";
export * from "./product-date";
export * from "./periods";
