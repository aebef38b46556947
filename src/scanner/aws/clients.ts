// AWS clients per account and region. Credentials come from the SDK's default chain; an account with
// a roleArn is read through that role (fromTemporaryCredentials, STS AssumeRole with the chain's
// credentials). Clients retry in the SDK's adaptive mode (backoff plus client-side rate limiting
// after throttling responses).
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsAccountConfig, ScannerConfig } from "../config-schema.js";

type AwsConfig = NonNullable<ScannerConfig["aws"]>;
type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;

export interface Scope {
  account: string;
  region: string;
}

export class AwsClients {
  private readonly creds = new Map<string, AwsCredentialIdentityProvider>();
  private readonly cloudtrails = new Map<string, CloudTrailClient>();
  private readonly configs = new Map<string, ConfigServiceClient>();
  private baseCreds: AwsCredentialIdentityProvider | undefined;

  constructor(private readonly cfg: AwsConfig | undefined) {}

  get accounts(): readonly AwsAccountConfig[] {
    return this.cfg?.accounts ?? [];
  }

  /** The (account, region) scopes of a source: its accounts/regions filters over aws.accounts. */
  scopes(filter: { accounts?: string[]; regions?: string[] }): Scope[] {
    const out: Scope[] = [];
    for (const a of this.accounts) {
      if (filter.accounts && !filter.accounts.includes(a.id)) continue;
      for (const region of a.regions ?? this.cfg?.regions ?? []) {
        if (filter.regions && !filter.regions.includes(region)) continue;
        out.push({ account: a.id, region });
      }
    }
    return out;
  }

  private base(): AwsCredentialIdentityProvider {
    this.baseCreds ??= fromNodeProviderChain();
    return this.baseCreds;
  }

  credentials(account: string, region: string): AwsCredentialIdentityProvider {
    const a = this.accounts.find((x) => x.id === account);
    if (!a?.roleArn) return this.base();
    let p = this.creds.get(account);
    if (!p) {
      p = fromTemporaryCredentials({
        params: { RoleArn: a.roleArn, RoleSessionName: "evident-scanner", ...(a.externalId ? { ExternalId: a.externalId } : {}) },
        masterCredentials: this.base(),
        clientConfig: { region, ...(this.cfg?.endpoints?.sts ? { endpoint: this.cfg.endpoints.sts } : {}), maxAttempts: this.cfg?.maxAttempts ?? 5 },
      });
      this.creds.set(account, p);
    }
    return p;
  }

  private common(account: string, region: string) {
    return { region, credentials: this.credentials(account, region), retryMode: "adaptive", maxAttempts: this.cfg?.maxAttempts ?? 5 };
  }

  cloudtrail(s: Scope): CloudTrailClient {
    const key = `${s.account}/${s.region}`;
    let c = this.cloudtrails.get(key);
    if (!c) {
      const endpoint = this.cfg?.endpoints?.cloudtrail;
      c = new CloudTrailClient({ ...this.common(s.account, s.region), ...(endpoint ? { endpoint } : {}) });
      this.cloudtrails.set(key, c);
    }
    return c;
  }

  config(s: Scope): ConfigServiceClient {
    const key = `${s.account}/${s.region}`;
    let c = this.configs.get(key);
    if (!c) {
      const endpoint = this.cfg?.endpoints?.config;
      c = new ConfigServiceClient({ ...this.common(s.account, s.region), ...(endpoint ? { endpoint } : {}) });
      this.configs.set(key, c);
    }
    return c;
  }

  destroy(): void {
    for (const c of this.cloudtrails.values()) c.destroy();
    for (const c of this.configs.values()) c.destroy();
  }
}
