// A LOINC code is a number of up to seven digits, a hyphen and a mod-10 check digit (e.g. 718-7).
const LOINC_FORMAT = /^(\d{1,7})-(\d)$/;

/** The LOINC check digit (Luhn mod 10 over the digits before the hyphen). */
function loincCheckDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let value = Number(digits.charAt(digits.length - 1 - index));
    // Counting from the right, every first, third, ... digit is doubled.
    if (index % 2 === 0) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is a well-formed LOINC code with a correct check digit. */
export function isValidLoincCode(code: string): boolean {
  const match = LOINC_FORMAT.exec(code);
  if (!match) return false;
  const [, digits, check] = match;
  return digits !== undefined && loincCheckDigit(digits) === Number(check);
}
