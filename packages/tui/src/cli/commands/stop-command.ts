// dev stop [SERVICE...]
import { serviceCommand } from './service-command.js';

export const stopCommand = serviceCommand('stop');
