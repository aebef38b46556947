// A test CA and a server certificate for 127.0.0.1/localhost (@peculiar/x509 over node's WebCrypto).
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
type KeyPair = webcrypto.CryptoKeyPair;

export interface TestTls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function makeTls(): Promise<TestTls> {
  const subtle = webcrypto.subtle;
  const caKeys = (await subtle.generateKey(ALG, true, ["sign", "verify"])) as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: "CN=Evident Scanner Test CA",
    keys: caKeys as never,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const keys = (await subtle.generateKey(ALG, true, ["sign", "verify"])) as KeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: "01",
    subject: "CN=kube-apiserver",
    issuer: ca.subject,
    publicKey: keys.publicKey as never,
    signingKey: caKeys.privateKey as never,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        { type: "ip", value: "127.0.0.1" },
      ]),
    ],
  });
  const pkcs8 = await subtle.exportKey("pkcs8", keys.privateKey);
  return { caPem: ca.toString("pem"), certPem: cert.toString("pem"), keyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") };
}
