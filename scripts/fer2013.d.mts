export const FER_PIXELS: number;
export function fer2013File(): string;
export function fer2013Available(): boolean;
export function readFer2013(options: {
  usage: string;
  limit?: number;
  skip?: number;
  markDuplicates?: boolean;
  file?: string;
}): Promise<{ pixels: Uint8Array; labels: number[]; duplicate: boolean[]; count: number }>;
