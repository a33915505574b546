// Types of the generated standalone validator (see scripts/build-validator.mjs).

/** One validation error, as the generated code reports it (ajv's error object shape). */
export interface ValidationError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ValidationError[] | null;
}

export declare const validate: GeneratedValidator;
