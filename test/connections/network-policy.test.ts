import { describe, expect, it } from 'vitest';
import {
  assertPublicHost,
  isPublicAddress,
  NonPublicAddressError,
} from '../../src/connections/network-policy.ts';

describe('isPublicAddress', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.168.0.1',
    '198.18.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::127.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:c0a8:0101',
    '64:ff9b::10.0.0.1',
    '2002:7f00:1::',
    '2002:a9fe:a9fe::1',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    '100::1',
    '2001::1',
    '2001:db8::1',
    '3fff::1',
    'not-an-ip',
    '',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.216.34',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '::ffff:93.184.216.34',
    '64:ff9b::8.8.8.8',
    '2002:0808:0808::1',
  ])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('assertPublicHost', () => {
  const resolvesTo =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address }));
  const noLookup = async () => {
    throw new Error('a literal address needs no lookup');
  };

  it('checks IP literals without a lookup, brackets included', async () => {
    await expect(assertPublicHost('8.8.8.8', noLookup)).resolves.toBeUndefined();
    await expect(assertPublicHost('[2606:4700:4700::1111]', noLookup)).resolves.toBeUndefined();
    const error = await assertPublicHost('[::1]', noLookup).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonPublicAddressError);
    expect(error).toMatchObject({ hostname: '::1', literal: true, message: '::1 is not a public address' });
  });

  it('passes a name whose addresses are all public', async () => {
    await expect(
      assertPublicHost('files.example.com', resolvesTo('93.184.216.34', '2606:2800:220:1::1')),
    ).resolves.toBeUndefined();
  });

  it('refuses a name when any address is not public, without telling which', async () => {
    const error = await assertPublicHost('mixed.example', resolvesTo('93.184.216.34', '10.0.0.7')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NonPublicAddressError);
    expect((error as Error).message).toBe('mixed.example resolves to an address that is not public');
  });

  it('refuses a name that resolves to nothing', async () => {
    await expect(assertPublicHost('empty.example', resolvesTo())).rejects.toBeInstanceOf(
      NonPublicAddressError,
    );
  });

  it('passes lookup failures through', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' });
    await expect(
      assertPublicHost('x.invalid', async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});
