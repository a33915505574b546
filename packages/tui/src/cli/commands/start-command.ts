// dev start [SERVICE...]
import { serviceCommand } from './service-command.js';

export const startCommand = serviceCommand('start');
