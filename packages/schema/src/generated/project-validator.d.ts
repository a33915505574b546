// Types of the generated standalone validator (see scripts/build-validator.mjs).
import type { ErrorObject } from 'ajv';

export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const validate: GeneratedValidator;
