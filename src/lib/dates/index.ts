export * from "./calendar";
export * from "./product-date";
