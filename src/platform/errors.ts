/** One error shape for every API answer: { error: { code, message, fields? } }. */
export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[] | undefined;
  constructor(status: number, code: string, message: string, fields?: FieldError[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'your role does not allow this') =>
  new AppError(403, 'forbidden', message);
export const unauthorized = (message = 'authentication required') =>
  new AppError(401, 'unauthorized', message);
export const conflict = (message: string, field?: string) =>
  new AppError(409, 'conflict', message, field ? [{ field, message }] : undefined);
export const badRequest = (message: string, fields?: FieldError[]) =>
  new AppError(400, 'bad_request', message, fields);
export const validationFailed = (fields: FieldError[]) =>
  new AppError(400, 'validation_failed', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
