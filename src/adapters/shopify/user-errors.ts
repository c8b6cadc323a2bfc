/** The `userErrors` selections every mutation document asks for (with the code where the type has one). */
export const USER_ERRORS = 'userErrors { field message }';
export const CODED_USER_ERRORS = 'userErrors { field message code }';
