import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger (STYLE 6.6). Level from POWERTOOLS_LOG_LEVEL; never log mail content. */
export const logger = new Logger({ serviceName: 'raadspost' });
