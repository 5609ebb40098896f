import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { FunctionUrlAuthType, type FunctionUrl, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ApprovalPageProps {
  /** The approval function (its reserved concurrency is set where it is declared, infra/functions.ts). */
  readonly fn: IFunction;
  /** The stack output that names the URL. @default the approval page's: `ApprovalUrl` */
  readonly output?: { readonly id: string; readonly description: string };
}

/**
 * The approval page: a Function URL without IAM auth, because the one-time token in the link is the authorisation (no
 * AWS credentials in a mail client). Every failure the handler catches answers 503 with a Dutch page, so its health is
 * the URL's 5xx count, not the function's Errors. The register's pages (the daily overview's links) are the same kind of
 * page, of their own function.
 */
export class ApprovalPage extends Construct {
  readonly functionUrl: FunctionUrl;
  /** Base URL of the page; links add `?t=<token>`. */
  readonly url: string;
  private readonly fn: IFunction;

  constructor(scope: Construct, id: string, props: ApprovalPageProps) {
    super(scope, id);
    this.fn = props.fn;
    this.functionUrl = props.fn.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
    this.url = this.functionUrl.url;
    const output = props.output ?? { id: 'ApprovalUrl', description: 'Base URL of the approval page (Function URL)' };
    new CfnOutput(Stack.of(this), output.id, { value: this.url, description: output.description });
  }

  /** Requests the URL answered with a 5xx (the handler's 503 page, a function error or a timeout). */
  metricUrl5xx(): Metric {
    return this.fn.metric('Url5xxCount', { statistic: 'Sum', period: Duration.minutes(5) });
  }
}
