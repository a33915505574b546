// dev restart [SERVICE...]
import { serviceCommand } from './service-command.js';

export const restartCommand = serviceCommand('restart');
