import { jwtVerify, SignJWT } from 'jose';

export type AccessClaims = { sub: string; sid: string; csrf: string };

const ISSUER = 'webnet';
const AUDIENCE = 'webnet-api';

export async function signAccessToken(
  key: Uint8Array,
  claims: AccessClaims,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ sid: claims.sid, csrf: claims.csrf })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.sid !== 'string' ||
      typeof payload.csrf !== 'string'
    ) {
      return null;
    }
    return { sub: payload.sub, sid: payload.sid, csrf: payload.csrf };
  } catch {
    return null;
  }
}
