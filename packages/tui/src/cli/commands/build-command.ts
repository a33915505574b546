// dev build [SERVICE...]
import { serviceCommand } from './service-command.js';

export const buildCommand = serviceCommand('build');
