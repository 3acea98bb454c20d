// Client-side rules that mirror the server's. Password strength is the server's policy alone (its
// 422 field error is shown next to the field), so the client only requires a value.
export const LOGIN_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/
