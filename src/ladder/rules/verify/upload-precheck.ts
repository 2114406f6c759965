// Checks 1, 2 and 4 of PRODUCT.md §8.1, which refuse a file before it is stored or parsed.
// Check 3 (which match takes the file) needs the caller's match lookup and lives there.

/** Why an upload is refused before parsing. */
export type UploadRefusal = 'not_a_replay_file' | 'too_large' | 'already_received';

/** What the pre-checks read about one upload. */
export interface UploadFacts {
  fileName: string;
  sizeBytes: number;
  /** SHA-256 of the file, when already known; needed for the "same file again" check. */
  sha256?: string;
  /** SHA-256 of every file the match already has. */
  matchFiles?: readonly string[];
}

/** The first refusal in order (type, size, same file again), or null to go on. */
export function precheckUpload(upload: UploadFacts, maxBytes: number): UploadRefusal | null {
  if (typeof upload.fileName !== 'string' || !/\.sc2replay$/i.test(upload.fileName.trim())) {
    return 'not_a_replay_file';
  }

  if (!Number.isFinite(upload.sizeBytes) || upload.sizeBytes < 0 || upload.sizeBytes > maxBytes) {
    return 'too_large';
  }

  const sha = upload.sha256?.toLowerCase();
  if (sha !== undefined && (upload.matchFiles ?? []).some((f) => f.toLowerCase() === sha)) {
    return 'already_received';
  }
  return null;
}
