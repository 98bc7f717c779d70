import { departmentCodesMatching, mapDepartmentName } from './department-mapper';

describe(mapDepartmentName.name, () => {
  it.each([
    ['心血管内科', 'cardiology'],
    ['心内科一病区', 'cardiology'],
    ['呼吸与危重症医学科', 'respiratory'],
    ['小儿呼吸科', 'respiratory'],
    ['儿内科', 'pediatrics'],
    ['新生儿科', 'neonatology'],
    ['耳鼻咽喉头颈外科', 'otolaryngology'],
    ['脊柱外科', 'orthopedics'],
    ['神经外科', 'neurosurgery'],
    ['神经内科', 'neurology'],
    ['内科', 'internal-medicine'],
    ['Cardiology', 'cardiology'],
    ['ENT Clinic', 'otolaryngology'],
    ['ｃａｒｄｉｏｌｏｇｙ', 'cardiology'],
  ])('maps %s to %s', (localName, code) => {
    expect(mapDepartmentName(localName)).toBe(code);
  });

  it.each([['国际医疗部'], ['Patient Services'], ['VIP 特需门诊'], ['  ']])(
    'leaves %p unmapped',
    (localName) => {
      expect(mapDepartmentName(localName)).toBeUndefined();
    },
  );
});

describe(departmentCodesMatching.name, () => {
  it('finds departments by part of a name or alias, in zh and en', () => {
    expect(departmentCodesMatching('心内')).toContain('cardiology');
    expect(departmentCodesMatching('pediatric')).toEqual(['pediatrics']);
    expect(departmentCodesMatching('杭州心内科')).toEqual(['cardiology']);
  });

  it('does not match unrelated words or too-short Latin fragments', () => {
    expect(departmentCodesMatching('杭州')).toEqual([]);
    expect(departmentCodesMatching('patient')).toEqual([]);
    expect(departmentCodesMatching('ca')).toEqual([]);
  });
});
