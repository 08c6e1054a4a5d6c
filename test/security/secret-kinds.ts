/**
 * The credentials issue 17 found leaking, one line each as people paste them, with the parts
 * that must never be shown, stored or logged (`secrets`). Every value is made up.
 */
export interface SecretKind {
  name: string;
  line: string;
  secrets: string[];
}

export const SECRET_KINDS: SecretKind[] = [
  {
    name: 'PowerShell -StorageAccountKey',
    line: 'New-AzStorageContext -StorageAccountName contosologs -StorageAccountKey "Qm9ndXNTdG9yYWdlS2V5Rm9yVGVzdHM0MjQy+/Zz=="',
    secrets: ['Qm9ndXNTdG9yYWdlS2V5Rm9yVGVzdHM0MjQy'],
  },
  {
    name: 'az --account-key',
    line: 'az storage blob download --account-name contosologs --account-key Qm9ndXNBekNsaUtleTk4NzY1NDMyMQ+/== --container-name iislogs',
    secrets: ['Qm9ndXNBekNsaUtleTk4NzY1NDMyMQ'],
  },
  {
    name: 'JSON "ClientSecret"',
    line: '{"AzureAd": {"ClientId": "11111111-2222-3333-4444-555555555555", "ClientSecret": "Xy8Q~B0gusCl1entSecret.4242"}}',
    secrets: ['Xy8Q~B0gusCl1entSecret.4242', 'B0gusCl1entSecret'],
  },
  {
    name: 'JSON "password"',
    line: '{"username": "svc-web", "password": "B0gus-Js0n-Pa55!"}',
    secrets: ['B0gus-Js0n-Pa55'],
  },
  {
    name: 'MicrosoftAppPassword=',
    line: 'MicrosoftAppId=00000000-0000-0000-0000-000000000001\nMicrosoftAppPassword=B0gus~AppPa55w0rd.8899',
    secrets: ['B0gus~AppPa55w0rd.8899', 'AppPa55w0rd'],
  },
  {
    name: 'a bare JWT',
    line: 'the token was eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJhcGk6Ly9ib2d1cyIsInN1YiI6InN2Yy13ZWIifQ.Qm9ndXNKd3RTaWduYXR1cmVCeXRlczQyNDI and IIS says 401',
    secrets: [
      'eyJhdWQiOiJhcGk6Ly9ib2d1cyIsInN1YiI6InN2Yy13ZWIifQ',
      'Qm9ndXNKd3RTaWduYXR1cmVCeXRlczQyNDI',
    ],
  },
  {
    name: 'id_token=',
    line: 'POST /signin-oidc id_token=B0gusIdT0kenValue1234567890abcdef&state=xyz returns 401',
    secrets: ['B0gusIdT0kenValue1234567890abcdef'],
  },
  {
    name: 'certutil -p',
    line: 'certutil -f -p B0gusPfxPa55 -importpfx C:\\certs\\intranet.pfx',
    secrets: ['B0gusPfxPa55'],
  },
  {
    name: '.ASPXAUTH cookie',
    line: 'Cookie: .ASPXAUTH=8A2B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F; theme=dark',
    secrets: ['8A2B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F'],
  },
  {
    name: 'ASP.NET_SessionId cookie',
    line: 'Set-Cookie: ASP.NET_SessionId=b0gussessi0nid0123456789; path=/; HttpOnly',
    secrets: ['b0gussessi0nid0123456789'],
  },
  {
    name: 'an NTLM hash',
    line: 'secretsdump gave Administrator:500:aad3b435b51404eeaad3b435b51404ee:5f1d3b0c9a8e7d6c5b4a39281706f5e4:::',
    secrets: ['5f1d3b0c9a8e7d6c5b4a39281706f5e4'],
  },
  {
    name: 'an NTLMv2 response',
    line: 'Responder captured svc-web::CONTOSO:1122334455667788:9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b:0101000000000000c0653150de09d201a1b2c3d4e5f60718000000000200080043004f004e0054000000000000000000',
    secrets: [
      '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
      '0101000000000000c0653150de09d201a1b2c3d4e5f60718',
    ],
  },
  {
    name: 'ConvertTo-SecureString -AsPlainText -Force -String',
    line: '$pw = ConvertTo-SecureString -AsPlainText -Force -String "B0gusSecureStr1ng"',
    secrets: ['B0gusSecureStr1ng'],
  },
  {
    name: 'a password with a comma or spaces',
    line: 'Server=sql01;Database=app;User Id=svc-web;Password=B0gus Sp4ce T4il;\npassword=B0gus,C0mma,T4il2',
    secrets: ['Sp4ce', 'T4il;', 'C0mma', 'T4il2'],
  },
];

/** The names of the kinds whose secrets appear in `text`. */
export const leakedKinds = (text: string): string[] =>
  SECRET_KINDS.filter((k) => k.secrets.some((s) => text.includes(s))).map((k) => k.name);
