import { DEPARTMENT_CODE_PATTERN, findDepartment, standardDepartments } from './departments';

describe('standard departments', () => {
  it('has unique, well-formed codes and names in both languages', () => {
    const all = standardDepartments();
    expect(new Set(all.map((d) => d.code)).size).toBe(all.length);
    for (const d of all) {
      expect(d.code).toMatch(DEPARTMENT_CODE_PATTERN);
      expect(d.nameZh.length).toBeGreaterThan(0);
      expect(d.nameEn.length).toBeGreaterThan(0);
    }
  });

  it('only names parents that exist', () => {
    for (const d of standardDepartments()) {
      if (d.parent) expect(findDepartment(d.parent)).toBeDefined();
    }
  });

  it('finds a department by code and nothing for unknown codes', () => {
    expect(findDepartment('cardiology')?.nameZh).toBe('心血管内科');
    expect(findDepartment('astrology')).toBeUndefined();
  });
});
